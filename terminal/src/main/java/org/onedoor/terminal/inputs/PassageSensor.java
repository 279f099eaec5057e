package org.onedoor.terminal.inputs;

import org.onedoor.drivers.gpio.InputLine;
import org.tinylog.Logger;

/**
 * A lane's passage sensor (the turnstile's passage output, or a light barrier behind it): each
 * activation is one person who actually went through, one call of {@code onPassage}.
 */
public final class PassageSensor implements AutoCloseable {
    private final InputLine sensor;

    public PassageSensor(InputLine sensor, Runnable onPassage) {
        this.sensor = sensor;
        sensor.listen(passed -> {
            if (passed) {
                Logger.debug("{}: passage", sensor.name());
                onPassage.run();
            }
        });
    }

    @Override
    public void close() {
        sensor.close();
    }
}
