package org.onedoor.drivers.modem;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.serial.JsscSerialPortOpener;
import org.onedoor.drivers.serial.SerialLink;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.PtyPair;

/**
 * Hostile and odd answers, written straight onto a real pseudo-terminal before the command goes out
 * (the kernel holds them until the channel reads): nothing a modem sends crashes the reader or is
 * taken for an answer it is not.
 */
class AtChannelPtyTest {
    private static final Duration WAIT = Duration.ofMillis(500);

    @TempDir
    Path dir;
    private PtyPair pty;
    private SerialLink link;
    private AtChannel channel;

    @BeforeEach
    void open() throws IOException {
        pty = PtyPair.open(dir);
        link = new JsscSerialPortOpener().open(pty.devicePath().toString(), 115200);
        channel = new AtChannel(link);
    }

    @AfterEach
    void close() {
        link.close();
        pty.close();
    }

    @Test
    void dropsAnOverlongLineAndKeepsReading() throws Exception {
        modemSays("x".repeat(5000) + "\r\n+CSQ: 20,0\r\nOK\r\n");

        assertEquals(List.of("+CSQ: 20,0"), channel.command("AT+CSQ", WAIT));
    }

    @Test
    void binaryNoiseBeforeAnAnswerIsNoAnswer() throws Exception {
        byte[] noise = new byte[256];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) (i == '\r' || i == '\n' ? 'x' : i);
        }
        pty.write(noise);
        modemSays("\r\n+CME ERROR: SIM not inserted\r\n");

        ModemException e = assertThrows(ModemException.class, () -> channel.command("AT", WAIT));
        assertEquals("AT: +CME ERROR: SIM not inserted", e.reason());
    }

    @Test
    void aReasonIsPrintableAndShort() throws Exception {
        pty.write(("\r\n+CMS ERROR: \u0007" + "9".repeat(200) + "\r\n").getBytes(US_ASCII));

        ModemException e = assertThrows(ModemException.class, () -> channel.command("AT", WAIT));
        assertTrue(e.reason().startsWith("AT: +CMS ERROR: ?999"), e.reason());
        assertTrue(e.reason().length() <= 4 + 64, e.reason());
    }

    @Test
    void takesThePromptWithOrWithoutItsSpace() throws Exception {
        modemSays("\r\n> ");
        channel.commandForPrompt("AT+CMGS=10", WAIT);
        modemSays("\r\n>");
        channel.commandForPrompt("AT+CMGS=10", WAIT);
    }

    @Test
    void anErrorInsteadOfThePromptIsARefusal() throws Exception {
        modemSays("\r\nERROR\r\n");

        ModemException e = assertThrows(ModemException.class, () -> channel.commandForPrompt("AT+CMGS=10", WAIT));
        assertEquals("AT+CMGS=10: ERROR", e.reason());
        assertFalse(e.silent());
    }

    @Test
    void aLineStartingWithGreaterThanIsNoPrompt() throws Exception {
        modemSays("\r\n>>> hello\r\n");

        ModemException e = assertThrows(ModemException.class, () -> channel.commandForPrompt("AT+CMGS=10", WAIT));
        assertTrue(e.silent());
    }

    /** A device that never stops talking, without ever answering, fails the step at its deadline. */
    @Test
    void aChatteringDeviceFailsAtTheDeadline() throws Exception {
        AtomicBoolean talking = new AtomicBoolean(true);
        Thread gps = new Thread(() -> {
            try {
                while (talking.get()) {
                    modemSays("$GPGGA,081500.00,2812.345,N,11256.789,E,1,08,0.9,45.0,M,,,,*47\r\n");
                }
            } catch (IOException e) {
                // the pty is gone: the test is over
            }
        }, "chatter");
        gps.start();
        try {
            long start = System.nanoTime();
            ModemException e = assertThrows(ModemException.class, () -> channel.command("AT", WAIT));
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertTrue(e.silent());
            assertTrue(tookMs < WAIT.toMillis() + 1000, "took " + tookMs + " ms");
        } finally {
            talking.set(false);
            // The writer may be blocked on a full pty: drain until it has seen the flag.
            Await.until("chatter stopped", Duration.ofSeconds(5), () -> {
                try {
                    channel.discardInput();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return !gps.isAlive();
            });
        }
    }

    /** A late OK must not answer the next command: it is discarded once it has arrived. */
    @Test
    void discardsWhatWasSaidUnasked() throws Exception {
        String stale = "\r\nOK\r\n\r\nRING\r\n";
        ReadAhead readAhead = new ReadAhead(link);
        AtChannel ahead = new AtChannel(readAhead);
        modemSays(stale);
        Await.until("the stale answer has crossed the pty", Duration.ofSeconds(5),
                () -> readAhead.fill() >= stale.length());

        ahead.discardInput();
        modemSays("\r\n+CMS ERROR: 500\r\n");

        assertThrows(ModemException.class, () -> ahead.command("AT", WAIT));
    }

    private void modemSays(String text) throws IOException {
        pty.write(text.getBytes(US_ASCII));
    }

    /** Reads the real link ahead so the test can wait until bytes have arrived, then hands them on in order. */
    private static final class ReadAhead implements SerialLink {
        private final SerialLink link;
        private final ByteArrayOutputStream held = new ByteArrayOutputStream();

        ReadAhead(SerialLink link) {
            this.link = link;
        }

        int fill() {
            byte[] buf = new byte[256];
            try {
                int n = link.read(buf);
                held.write(buf, 0, n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return held.size();
        }

        @Override
        public int read(byte[] buf) throws IOException {
            if (held.size() == 0) {
                return link.read(buf);
            }
            byte[] bytes = held.toByteArray();
            int n = Math.min(buf.length, bytes.length);
            System.arraycopy(bytes, 0, buf, 0, n);
            held.reset();
            held.write(bytes, n, bytes.length - n);
            return n;
        }

        @Override
        public void write(byte[] data) throws IOException {
            link.write(data);
        }

        @Override
        public void close() {
            link.close();
        }
    }
}
