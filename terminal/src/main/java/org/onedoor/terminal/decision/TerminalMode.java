package org.onedoor.terminal.decision;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The terminal's current mode: read by every lane at every scan, changed rarely (configuration now, a
 * signed command later). Listeners hear of each change, on the changing thread, in registration order.
 */
public final class TerminalMode {
    private volatile Mode mode;
    private final List<BiConsumer<Mode, Mode>> listeners = new CopyOnWriteArrayList<>();

    public TerminalMode(Mode initial) {
        this.mode = Objects.requireNonNull(initial, "initial");
    }

    public Mode current() {
        return mode;
    }

    /** @param listener called with (previous, current) after each change */
    public void onChange(BiConsumer<Mode, Mode> listener) {
        listeners.add(listener);
    }

    /** @return whether the mode changed */
    public synchronized boolean set(Mode next) {
        Mode previous = mode;
        if (previous == Objects.requireNonNull(next, "next")) {
            return false;
        }
        mode = next;
        listeners.forEach(listener -> listener.accept(previous, next));
        return true;
    }
}
