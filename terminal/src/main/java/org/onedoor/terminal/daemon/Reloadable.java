package org.onedoor.terminal.daemon;

import java.util.List;
import org.onedoor.terminal.config.TerminalConfig;

/** A service that can take part of a new configuration while it runs (SIGHUP, the {@code reload} command). */
interface Reloadable {
    /** Applies what it can of {@code next}; returns the keys it applied, e.g. {@code terminal.mode}. */
    List<String> apply(TerminalConfig running, TerminalConfig next);
}
