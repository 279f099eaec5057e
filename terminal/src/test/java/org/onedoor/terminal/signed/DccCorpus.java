package org.onedoor.terminal.signed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The EU DCC test corpus copied into the test resources ({@code dgc-testdata/}, Apache-2.0): every
 * {@code COUNTRY/.../2DCode/raw/N.json} case with its code, signing certificate, validation clock
 * and expected results.
 */
public final class DccCorpus {
    public static final List<String> FLAGS =
            List.of("EXPECTEDDECODE", "EXPECTEDVERIFY", "EXPECTEDEXPIRATIONCHECK", "EXPECTEDKEYUSAGE");

    /** One case; {@code certificate} is empty when the case's own certificate does not parse. */
    public record Case(String path, String code, Optional<SigningCertificate> certificate, Instant clock,
            JsonNode expected) {
        /** The expectation for {@code flag}, or empty when the case sets none. */
        public Optional<Boolean> expectation(String flag) {
            JsonNode value = expected.get(flag);
            return value != null && value.isBoolean() ? Optional.of(value.booleanValue()) : Optional.empty();
        }
    }

    private DccCorpus() {
    }

    public static Path root() {
        URL notice = Objects.requireNonNull(DccCorpus.class.getResource("/dgc-testdata/NOTICE"), "corpus missing");
        try {
            return Path.of(notice.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Case> load() {
        Path root = root();
        ObjectMapper json = new ObjectMapper();
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(DccCorpus::isCase).sorted().toList()) {
                JsonNode node = json.readTree(file.toFile());
                String path = root.relativize(file).toString().replace('\\', '/');
                Instant clock = ClockText.parse(node.path("TESTCTX").path("VALIDATIONCLOCK").asText())
                        .orElseThrow(() -> new IllegalStateException(path + ": validation clock not understood"));
                cases.add(new Case(path, node.path("PREFIX").asText(),
                        certificate(node.path("TESTCTX").path("CERTIFICATE").asText()), clock,
                        node.path("EXPECTEDRESULTS")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    private static boolean isCase(Path file) {
        String p = file.toString().replace('\\', '/').toLowerCase(Locale.ROOT);
        return p.endsWith(".json") && p.contains("/2dcode/raw/");
    }

    private static Optional<SigningCertificate> certificate(String base64) {
        String body = base64.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return Optional.of(SigningCertificate.fromDer(Base64.getDecoder().decode(body)));
        } catch (TrustListException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
