package org.onedoor.terminal.county;

/**
 * A terminal's latest {@code identity} message (retained, sent at every connect: its venue record, entrances, version,
 * device-key fingerprint, lanes), kept as received: the county stores one per terminal, not a sequence of events.
 *
 * @param tsMs the message's own {@code ts}, when it carries a readable one; a later one replaces an earlier one
 */
public record TerminalIdentity(String county, String venue, String terminal, Long tsMs, String payload) {
}
