package org.onedoor.terminal.risklist;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

/**
 * The exact bytes a risk-list signature covers (docs/risklist.md): lines of US-ASCII, each ending in
 * LF, built from the fields and never from the JSON text, so that any JSON writer can produce a
 * message and no JSON spelling can change what was signed.
 *
 * <pre>
 * onedoor-risklist/1
 * kind=snapshot|delta
 * county=430124
 * epoch=1
 * version=7
 * base_version=none|6
 * issued_at=2024-05-01T08:00:00Z
 * entries=N
 * {64 hex} {yellow|red}      N lines, ascending
 * removals=M
 * {64 hex}                   M lines, ascending
 * </pre>
 *
 * The array is sized exactly before it is filled: the JDK's Ed25519 keeps its own copy of the whole
 * message, and a list can run to megabytes in a small heap.
 */
final class CanonicalBytes {
    private CanonicalBytes() {
    }

    static byte[] of(RiskListMessage m) {
        String head = RiskListMessage.FORMAT + "\n"
                + "kind=" + m.kind().wireName() + "\n"
                + "county=" + m.county() + "\n"
                + "epoch=" + m.epoch() + "\n"
                + "version=" + m.version() + "\n"
                + "base_version=" + (m.kind() == Kind.SNAPSHOT ? "none" : Long.toString(m.baseVersion())) + "\n"
                + "issued_at=" + DateTimeFormatter.ISO_INSTANT.format(m.issuedAt()) + "\n"
                + "entries=" + m.entries().size() + "\n";
        String removalsHead = "removals=" + m.removals().size() + "\n";
        PseudonymTable entries = m.entries();
        SortedKeys removals = m.removals();

        int length = head.length() + removalsHead.length() + removals.size() * (SortedKeys.HEX_CHARS + 1);
        for (int i = 0; i < entries.size(); i++) {
            length += SortedKeys.HEX_CHARS + 2 + entries.colour(i).wireName().length();
        }
        byte[] out = new byte[length];
        int at = put(head, out, 0);
        for (int i = 0; i < entries.size(); i++) {
            entries.keys().writeHex(i, out, at);
            at += SortedKeys.HEX_CHARS;
            out[at++] = ' ';
            at = put(entries.colour(i).wireName() + "\n", out, at);
        }
        at = put(removalsHead, out, at);
        for (int i = 0; i < removals.size(); i++) {
            removals.writeHex(i, out, at);
            at += SortedKeys.HEX_CHARS;
            out[at++] = '\n';
        }
        return out;
    }

    private static int put(String ascii, byte[] out, int at) {
        byte[] bytes = ascii.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }
}
