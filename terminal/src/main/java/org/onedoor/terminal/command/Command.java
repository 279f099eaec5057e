package org.onedoor.terminal.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.onedoor.terminal.decision.Mode;

/**
 * What a county may ask of a terminal. A command is its name (the last topic level of
 * {@code cmd/{name}}) and its arguments; who signed it, for whom and until when is in {@link SignedCommand}.
 */
public sealed interface Command permits Command.Open, Command.SetMode, Command.Reload, Command.Replay,
        Command.Status {

    /** Every command name, in the order docs/commands.md lists them. */
    List<String> NAMES = List.of("open", "mode", "reload", "replay", "status");

    /** The name on the wire: {@code open}, {@code mode}, … */
    String name();

    /**
     * The arguments in their signed order (docs/commands.md), by their wire names; values are strings
     * or longs.
     */
    Map<String, Object> arguments();

    /**
     * Pulse one lane's relay once, for a person the guard has checked by hand. Recorded as an entry with
     * source {@code remote}.
     *
     * @param reason why, in the operator's words (up to {@value #MAX_REASON_LENGTH} characters); it is recorded
     */
    record Open(String lane, String reason) implements Command {
        public static final int MAX_REASON_LENGTH = 200;

        public Open {
            if (!Target.isTopicLevel(lane)) {
                throw new IllegalArgumentException("lane must be a lane name: 1 to 64 letters, digits, '-' or '_'");
            }
            if (!PlainText.isPlain(reason, MAX_REASON_LENGTH)) {
                throw new IllegalArgumentException("reason must be 1 to " + MAX_REASON_LENGTH
                        + " characters of printable text, without control or formatting characters");
            }
        }

        @Override
        public String name() {
            return "open";
        }

        @Override
        public Map<String, Object> arguments() {
            return ordered("lane", lane, "reason", reason);
        }
    }

    /** Switch the terminal's mode (docs/modes.md). */
    record SetMode(Mode mode) implements Command {
        public SetMode {
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public String name() {
            return "mode";
        }

        @Override
        public Map<String, Object> arguments() {
            return ordered("mode", mode.wireName());
        }
    }

    /** Read the configuration's reloadable parts again. */
    record Reload() implements Command {
        @Override
        public String name() {
            return "reload";
        }

        @Override
        public Map<String, Object> arguments() {
            return Map.of();
        }
    }

    /**
     * Publish the events {@code fromSeq} to {@code toSeq} (inclusive) again on {@code replay}, to fill a gap.
     * At most {@value #MAX_EVENTS} events per command: a larger gap takes several.
     */
    record Replay(long fromSeq, long toSeq) implements Command {
        public static final int MAX_EVENTS = 10_000;

        public Replay {
            if (fromSeq < 1 || toSeq < fromSeq || toSeq - fromSeq >= MAX_EVENTS) {
                throw new IllegalArgumentException("from_seq and to_seq must satisfy 1 <= from_seq <= to_seq"
                        + " < from_seq + " + MAX_EVENTS);
            }
        }

        @Override
        public String name() {
            return "replay";
        }

        @Override
        public Map<String, Object> arguments() {
            return ordered("from_seq", fromSeq, "to_seq", toSeq);
        }
    }

    /** Publish the heartbeat now. */
    record Status() implements Command {
        @Override
        public String name() {
            return "status";
        }

        @Override
        public Map<String, Object> arguments() {
            return Map.of();
        }
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
