package org.onedoor.drivers.serial;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * The GM65 / GM805 / GM861 family (Waveshare's barcode module, Newland EM20-class modules). At
 * every open it writes the settings register 0x0000 (good-read LED on, sound as configured, aimer
 * and illumination normal, the scan mode) and the same-code delay 0x0013, and checks each reply's
 * CRC and status. The settings are not saved to flash: they are written again at every open, and
 * flash has limited write cycles.
 *
 * <p>The refusal signal lights the aimer steadily for {@link #REFUSAL_FLASH} and then restores the
 * settings. It holds the lane's reader meanwhile; bytes that arrive wait in the kernel's buffer, and
 * the next person is seldom at the scanner that soon after a refusal.
 */
public final class Gm65Profile implements ScannerProfile {
    static final Duration REPLY_TIMEOUT = Duration.ofMillis(500);
    static final Duration REFUSAL_FLASH = Duration.ofMillis(600);
    static final int SETTINGS_REGISTER = 0x0000;
    static final int SAME_CODE_DELAY_REGISTER = 0x0013;
    /** The same-code delay register counts in 100 ms steps, 0..127; bit 7 enables it. */
    public static final int SAME_CODE_DELAY_STEP_MS = 100;
    public static final int MAX_SAME_CODE_DELAY_MS = 127 * SAME_CODE_DELAY_STEP_MS;

    private static final int GOOD_READ_LED = 0x80;
    private static final int SOUND = 0x40;
    private static final int AIMER_NORMAL = 0x10;
    private static final int AIMER_ALWAYS_ON = 0x20;
    private static final int ILLUMINATION_NORMAL = 0x04;

    /** The module's scan modes OneDoor uses, with their register bits 1–0. */
    public enum Mode {
        CONTINUOUS(0b10), SENSOR(0b11);

        private final int bits;

        Mode(int bits) {
            this.bits = bits;
        }

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Mode mode;
    private final int sameCodeDelayMs;
    private final boolean beep;
    private final boolean signalRefusal;

    public Gm65Profile(Mode mode, int sameCodeDelayMs, boolean beep, boolean signalRefusal) {
        if (sameCodeDelayMs < 0 || sameCodeDelayMs > MAX_SAME_CODE_DELAY_MS) {
            throw new IllegalArgumentException("same-code delay out of range: " + sameCodeDelayMs);
        }
        this.mode = mode;
        this.sameCodeDelayMs = sameCodeDelayMs;
        this.beep = beep;
        this.signalRefusal = signalRefusal;
    }

    @Override
    public String name() {
        return "gm65";
    }

    @Override
    public void start(CommandChannel channel) throws IOException, InterruptedException, ModuleException {
        send(channel, Gm65Command.write(SETTINGS_REGISTER, settings(AIMER_NORMAL)));
        send(channel, Gm65Command.write(SAME_CODE_DELAY_REGISTER, sameCodeDelay()));
    }

    @Override
    public void signalRefusal(CommandChannel channel) throws IOException, InterruptedException, ModuleException {
        if (!signalRefusal) {
            return;
        }
        send(channel, Gm65Command.write(SETTINGS_REGISTER, settings(AIMER_ALWAYS_ON)));
        Thread.sleep(REFUSAL_FLASH.toMillis());
        send(channel, Gm65Command.write(SETTINGS_REGISTER, settings(AIMER_NORMAL)));
    }

    private byte settings(int aimer) {
        return (byte) (GOOD_READ_LED | (beep ? SOUND : 0) | aimer | ILLUMINATION_NORMAL | mode.bits);
    }

    private byte sameCodeDelay() {
        int steps = sameCodeDelayMs / SAME_CODE_DELAY_STEP_MS;
        return (byte) (steps == 0 ? 0 : 0x80 | steps);
    }

    private static void send(CommandChannel channel, byte[] command)
            throws IOException, InterruptedException, ModuleException {
        byte[] frame = channel.exchange(command, Gm65Reply::end, REPLY_TIMEOUT)
                .orElseThrow(() -> new ModuleException("gm65 module not answering"));
        Gm65Reply reply = Gm65Reply.parse(frame);
        if (reply.status() != Gm65Reply.OK) {
            throw new ModuleException(String.format("gm65 module refused a command (status 0x%02X)", reply.status()));
        }
    }
}
