package org.onedoor.terminal.inputs;

import org.onedoor.drivers.gpio.InputLine;
import org.tinylog.Logger;

/**
 * A lane's manual-open button. Each press, however long it is held, is one call of
 * {@code onPress}; the daemon opens the lane and records an entry with source {@code manual}.
 */
public final class GuardButton implements AutoCloseable {
    private final InputLine button;

    public GuardButton(InputLine button, Runnable onPress) {
        this.button = button;
        button.listen(pressed -> {
            if (pressed) {
                Logger.info("{}: pressed", button.name());
                onPress.run();
            }
        });
    }

    @Override
    public void close() {
        button.close();
    }
}
