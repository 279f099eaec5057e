package org.onedoor.terminal.risklist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.status.HealthStatus;

/**
 * The county's file of people on the list, one per line: {@code SUBJECT COLOUR} (yellow or red), or
 * just {@code SUBJECT} in a file of removals. Blank lines and lines starting with {@code #} are
 * skipped. Each subject is turned into its risk pseudonym as it is read and is not kept; errors name
 * the file and the line number, never the subject.
 */
public final class SubjectFile {
    /** Room for an ID number and for a signed certificate's subject (up to 176 characters: docs/signed-codes.md). */
    static final int MAX_SUBJECT_CHARS = 200;
    /** Some editors start a UTF-8 file with EF BB BF; it is not part of the first subject. */
    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

    private final Path file;
    private final TreeMap<String, Integer> lines = new TreeMap<>();
    private final TreeMap<String, HealthStatus> colours = new TreeMap<>();

    private SubjectFile(Path file) {
        this.file = file;
    }

    /** Reads {@code SUBJECT COLOUR} lines. */
    public static SubjectFile readColoured(Path file, Pseudonymizer riskKey) throws IOException {
        return read(file, riskKey, true);
    }

    /** Reads {@code SUBJECT} lines. */
    public static SubjectFile readSubjects(Path file, Pseudonymizer riskKey) throws IOException {
        return read(file, riskKey, false);
    }

    /** Risk pseudonyms and their colours, in ascending order (empty for a file of removals). */
    public SortedMap<String, HealthStatus> colours() {
        return Collections.unmodifiableSortedMap(colours);
    }

    /** Risk pseudonyms in ascending order. */
    public SortedSet<String> pseudonyms() {
        return Collections.unmodifiableSortedSet(lines.navigableKeySet());
    }

    /** The line the pseudonym's subject was on. */
    public int lineOf(String pseudonym) {
        return lines.get(pseudonym);
    }

    public Path file() {
        return file;
    }

    /** A pseudonym both files hold, if any. */
    public Optional<String> firstShared(SubjectFile other) {
        return lines.keySet().stream().filter(other.lines::containsKey).findFirst();
    }

    private static SubjectFile read(Path file, Pseudonymizer riskKey, boolean coloured) throws IOException {
        SubjectFile result = new SubjectFile(file);
        byte[] bytes = Files.readAllBytes(file);
        int start = startsWith(bytes, BYTE_ORDER_MARK) ? BYTE_ORDER_MARK.length : 0;
        for (int number = 1; start <= bytes.length; number++) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            result.readLine(result.decode(bytes, start, end, number), number, riskKey, coloured);
            start = end + 1;
        }
        return result;
    }

    private void readLine(String raw, int number, Pseudonymizer riskKey, boolean coloured) throws IOException {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        String[] fields = line.split("\\s+");
        if (fields.length != (coloured ? 2 : 1)) {
            throw problem(number, coloured ? "expected SUBJECT COLOUR (yellow or red)" : "expected one SUBJECT");
        }
        String subject = fields[0];
        if (subject.length() > MAX_SUBJECT_CHARS || subject.chars().anyMatch(Character::isISOControl)) {
            throw problem(number, "the subject is longer than " + MAX_SUBJECT_CHARS + " characters or holds control characters");
        }
        String pseudonym = riskKey.pseudonym(subject);
        Integer earlier = lines.putIfAbsent(pseudonym, number);
        if (earlier != null) {
            throw problem(number, "the same subject as line " + earlier);
        }
        if (coloured) {
            colours.put(pseudonym, colour(fields[1], number));
        }
    }

    private HealthStatus colour(String text, int number) throws IOException {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "yellow" -> HealthStatus.YELLOW;
            case "red" -> HealthStatus.RED;
            default -> throw problem(number, "the colour must be yellow or red");
        };
    }

    private IOException problem(int line, String what) {
        return new IOException(file + " line " + line + ": " + what);
    }

    /** Strict UTF-8: a mis-encoded subject would hash to nobody. */
    private String decode(byte[] bytes, int start, int end, int number) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
        } catch (CharacterCodingException e) {
            throw problem(number, "not UTF-8 text");
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
