package org.onedoor.terminal.event;

import java.util.Map;

/**
 * What the terminal records and tells the county. Every event gets an {@code id}, a {@code seq},
 * a timestamp and its boot when the ledger commits it; these types carry only what the caller knows.
 */
public sealed interface Event permits Event.Entry, Event.Alert, Event.Passage, Event.ClockCorrection,
        Event.CommandAnswer {

    /** The MQTT topic level under the terminal's topic. */
    String kind();

    /**
     * One person at one lane (or a text that was not a code).
     *
     * @param subject   the pseudonym, never the raw subject; null when none is known
     * @param source    where the status came from: online, cache, risklist, none
     * @param mode      the terminal's mode when it decided
     * @param freshness how old the terminal's knowledge was when it decided
     * @param note      for a remote {@code open}: the county operator's reason, as signed (docs/commands.md); else null
     * @param credential what the person showed ({@link Credential#wire()})
     * @param idExpired  an ID card whose validity ended before the day it was shown
     */
    record Entry(String lane, String entrance, String direction, String result, String reason,
                 String status, String source, String subject, String mode, Freshness freshness, String note,
                 String credential, boolean idExpired)
            implements Event {
        /** An entry without a note: every one but a remote {@code open}; its credential follows from its source. */
        public Entry(String lane, String entrance, String direction, String result, String reason, String status,
                     String source, String subject, String mode, Freshness freshness) {
            this(lane, entrance, direction, result, reason, status, source, subject, mode, freshness, null);
        }

        /** An entry of anything but an ID card: its credential follows from its source. */
        public Entry(String lane, String entrance, String direction, String result, String reason, String status,
                     String source, String subject, String mode, Freshness freshness, String note) {
            this(lane, entrance, direction, result, reason, status, source, subject, mode, freshness, note,
                    Credential.ofSource(source).wire(), false);
        }

        @Override
        public String kind() {
            return "entry";
        }
    }

    /**
     * Something a venue administrator or the county must act on.
     *
     * @param detail extra fields, flat strings and numbers; no personal data
     */
    record Alert(AlertType type, Severity severity, String lane, String subject, Map<String, Object> detail)
            implements Event {
        @Override
        public String kind() {
            return "alert";
        }
    }

    /**
     * Someone went through a lane, as its passage sensor saw (docs/inputs.md). Who is not known: the
     * entry before it says who was let in, this says that the person actually went.
     *
     * @param unchecked no grant of the lane accounts for this passage: someone went through unchecked
     */
    record Passage(String lane, String entrance, String direction, boolean unchecked) implements Event {
        /** A passage a grant accounts for. */
        public Passage(String lane, String entrance, String direction) {
            this(lane, entrance, direction, false);
        }

        @Override
        public String kind() {
            return "passage";
        }
    }

    /**
     * The system clock became synchronised during this boot. {@code correctionMs} is how far the
     * clock was wrong until now: true time = the time the terminal believed + correctionMs. The rules
     * for fixing a boot's earlier events are in docs/reliability.md.
     */
    record ClockCorrection(long correctionMs) implements Event {
        @Override
        public String kind() {
            return "clock";
        }
    }

    /**
     * The answer to a command the county signed and the terminal accepted (docs/commands.md, Results): a ledger
     * row like any event, so it reaches the broker through the outbox, in order and however busy the connection.
     *
     * @param name   the command's name; the row goes to {@code cmd/{name}/result}
     * @param result the result's JSON object as docs/schemas/command-result.json describes it
     */
    record CommandAnswer(String name, String result) implements Event {
        @Override
        public String kind() {
            return "cmd/" + name + "/result";
        }
    }
}
