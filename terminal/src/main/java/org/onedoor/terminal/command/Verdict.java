package org.onedoor.terminal.command;

import java.util.Objects;

/** What {@link CommandVerifier} made of a delivered command: run it, or say why not. */
public sealed interface Verdict permits Verdict.Accepted, Verdict.Refused {

    boolean accepted();

    /** {@code ok}, or the refusal's word. */
    String reason();

    /**
     * The command's name when it is one a result may be published under ({@code cmd/{name}/result}); null
     * for a topic level that is no plausible command name, which gets no result.
     */
    String name();

    /** The request id to echo in the result; null when the payload held none that is well formed. */
    String requestId();

    /** Every check passed and the request id is now spent: run the command. */
    record Accepted(SignedCommand command) implements Verdict {
        public Accepted {
            Objects.requireNonNull(command, "command");
        }

        @Override
        public boolean accepted() {
            return true;
        }

        @Override
        public String reason() {
            return "ok";
        }

        @Override
        public String name() {
            return command.command().name();
        }

        @Override
        public String requestId() {
            return command.requestId();
        }
    }

    /** Not run, for {@code refusal}. */
    record Refused(String name, String requestId, Refusal refusal) implements Verdict {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
        }

        @Override
        public boolean accepted() {
            return false;
        }

        @Override
        public String reason() {
            return refusal.word();
        }
    }
}
