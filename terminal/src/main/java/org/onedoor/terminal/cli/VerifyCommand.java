package org.onedoor.terminal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.onedoor.terminal.signed.CertificateFiles;
import org.onedoor.terminal.signed.CertificateType;
import org.onedoor.terminal.signed.ClockText;
import org.onedoor.terminal.signed.SignedCodeVerifier;
import org.onedoor.terminal.signed.TrustList;
import org.onedoor.terminal.signed.TrustListException;
import org.onedoor.terminal.signed.TrustListFile;
import org.onedoor.terminal.signed.Verification;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The technician's check of signed codes; prints the steps' results, never the holder's data. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify signed offline codes (HC1:) against a trust list, with no network.",
            "Prints one JSON object per code: decoded, signature_valid, not_expired, key_usage_ok, valid, "
                + "and error, type, issued_at, expires_at when known.",
            "Exit status: 0 when every code is valid, 1 when one is not, 2 on a usage error."})
final class VerifyCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--trust", required = true, paramLabel = "FILE",
            description = "Signing certificates: a trust-list file (its signature is not checked here), "
                    + "PEM certificates, base64 DER one per line, or one DER certificate.")
    Path trust;

    @Option(names = "--at", paramLabel = "ISO-TIME",
            description = "Validation time, e.g. 2021-05-03T18:00:00Z, +02:00, +0200, no offset (UTC), "
                    + "fractional seconds. Default: now.")
    String at;

    @Parameters(paramLabel = "CODE", description = "The code (quote it: Base45 has spaces), or - to read one per line "
            + "from standard input.")
    String code;

    @Override
    public Integer call() throws IOException {
        Instant when = at == null ? Instant.now() : ClockText.parse(at).orElseThrow(() ->
                new CommandLine.ParameterException(spec.commandLine(), "--at: not an ISO-8601 time: " + at));
        TrustList list;
        try {
            list = load(trust);
        } catch (TrustListException e) {
            spec.commandLine().getErr().println("onedoor: --trust " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        SignedCodeVerifier verifier = new SignedCodeVerifier(list);
        PrintWriter out = spec.commandLine().getOut();
        if (!code.equals("-")) {
            return print(out, verifier.verify(code, when)) ? 0 : 1;
        }
        boolean allValid = true;
        try (Reader in = new InputStreamReader(System.in, StandardCharsets.UTF_8)) {
            for (String line = CappedLines.next(in); line != null; line = CappedLines.next(in)) {
                if (!line.isBlank()) {
                    allValid &= print(out, verifier.verify(line.strip(), when));
                }
            }
        }
        return allValid ? 0 : 1;
    }

    private static TrustList load(Path file) throws TrustListException {
        if (isJson(file)) {
            return TrustListFile.readIgnoringSignature(file);
        }
        return TrustList.of(CertificateFiles.read(file));
    }

    private static boolean isJson(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            int c;
            do {
                c = in.read();
            } while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
            return c == '{';
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean print(PrintWriter out, Verification v) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("decoded", v.decoded());
        o.put("signature_valid", v.signatureValid());
        o.put("not_expired", v.notExpired());
        o.put("key_usage_ok", v.keyUsageOk());
        o.put("valid", v.valid());
        v.error().ifPresent(e -> o.put("error", e));
        v.type().map(CertificateType::letter).ifPresent(t -> o.put("type", t));
        v.issuedAt().ifPresent(t -> o.put("issued_at", t.toString()));
        v.expiresAt().ifPresent(t -> o.put("expires_at", t.toString()));
        out.println(JSON.writeValueAsString(o));
        out.flush();
        return v.valid();
    }

    /** Lines cut at one character past the longest code, so an endless line cannot fill the heap. */
    static final class CappedLines {
        private CappedLines() {
        }

        static String next(Reader in) throws IOException {
            StringBuilder line = new StringBuilder();
            int c = in.read();
            if (c < 0) {
                return null;
            }
            while (c >= 0 && c != '\n') {
                if (line.length() <= SignedCodeVerifier.MAX_CODE_CHARS && c != '\r') {
                    line.append((char) c);
                }
                c = in.read();
            }
            return line.toString();
        }
    }
}
