package org.onedoor.terminal.signed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Every corpus case's expected results against the verifier's flags, once with the case's own
 * certificate as the whole trust list and once with one list of every certificate in the corpus.
 * Known disagreements, each with its reason, are in {@code signed/dgc-known-disagreements.tsv}: an
 * unlisted disagreement fails, and so does a listed one that no longer disagrees.
 */
class DccCorpusTest {
    private static final Map<String, Predicate<Verification>> FLAG_OF = Map.of(
            "EXPECTEDDECODE", Verification::decoded,
            "EXPECTEDVERIFY", Verification::signatureValid,
            "EXPECTEDEXPIRATIONCHECK", Verification::notExpired,
            "EXPECTEDKEYUSAGE", Verification::keyUsageOk);

    private final List<DccCorpus.Case> cases = DccCorpus.load();

    @Test
    void eachCaseWithItsOwnCertificate() throws IOException {
        compare("own", c -> new SignedCodeVerifier(TrustList.of(c.certificate().stream().toList())));
    }

    @Test
    void everyCaseWithOneTrustListOfTheWholeCorpus() throws IOException {
        List<SigningCertificate> all = cases.stream().flatMap(c -> c.certificate().stream()).toList();
        TrustList list = TrustList.of(all);
        long sharedKids = all.stream().map(SigningCertificate::kidHex).distinct()
                .filter(kid -> list.candidates(java.util.HexFormat.of().parseHex(kid)).size() > 1).count();
        System.out.println("DccCorpusTest: " + cases.size() + " cases, " + list.size()
                + " distinct certificates in one trust list, " + sharedKids + " key ids shared by several");
        SignedCodeVerifier verifier = new SignedCodeVerifier(list);
        compare("all", c -> verifier);
    }

    private void compare(String mode, java.util.function.Function<DccCorpus.Case, SignedCodeVerifier> verifierFor)
            throws IOException {
        Map<String, String> known = knownDisagreements(mode);
        Map<String, int[]> tally = new TreeMap<>();
        List<String> unlisted = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (DccCorpus.Case c : cases) {
            Verification v = verifierFor.apply(c).verify(c.code(), c.clock());
            for (String flag : DccCorpus.FLAGS) {
                Optional<Boolean> expected = c.expectation(flag);
                if (expected.isEmpty()) {
                    continue;
                }
                boolean agrees = FLAG_OF.get(flag).test(v) == expected.get();
                int[] counts = tally.computeIfAbsent(flag, f -> new int[2]);
                counts[agrees ? 0 : 1]++;
                String key = c.path() + "\t" + flag;
                if (!agrees && !known.containsKey(key)) {
                    unlisted.add(key + "\texpected " + expected.get() + ", error " + v.error().orElse("-"));
                } else if (agrees && known.containsKey(key)) {
                    stale.add(key + "\t(listed: " + known.get(key) + ")");
                }
            }
        }
        tally.forEach((flag, counts) -> System.out.printf("DccCorpusTest %s %-24s agree %3d disagree %3d%n",
                mode, flag, counts[0], counts[1]));
        assertTrue(unlisted.isEmpty(), mode + ": disagreements not in the known list:\n" + String.join("\n", unlisted));
        assertTrue(stale.isEmpty(), mode + ": listed disagreements that now agree (remove them):\n"
                + String.join("\n", stale));
        assertEquals(known.size(), tally.values().stream().mapToInt(t -> t[1]).sum(),
                mode + ": every listed disagreement names a case and flag of the corpus");
    }

    /** Lines {@code case TAB flag TAB mode TAB reason}; mode is own, all or both. */
    private static Map<String, String> knownDisagreements(String mode) throws IOException {
        Map<String, String> known = new LinkedHashMap<>();
        try (InputStream in = DccCorpusTest.class.getResourceAsStream("/signed/dgc-known-disagreements.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 4);
                if (f.length != 4 || !List.of("own", "all", "both").contains(f[2]) || f[3].isBlank()) {
                    throw new IllegalStateException("bad line in dgc-known-disagreements.tsv: " + line);
                }
                if (f[2].equals(mode) || f[2].equals("both")) {
                    known.put(f[0] + "\t" + f[1], f[3]);
                }
            }
        }
        return known;
    }
}
