package org.onedoor.terminal.recognition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.onedoor.terminal.config.TerminalConfig.CodeProfile;

class RecognitionTest {
    private final CodeRecognizer recognizer = new CodeRecognizer(List.of(
            new CodeProfile("province-url", Pattern.compile("^https://hc\\.example\\.gov\\.cn/c/[A-Za-z0-9]{16,}$")),
            new CodeProfile("badge", Pattern.compile("^ODB1:(?<subject>[0-9]{17}[0-9X])$"))));

    @Test
    void firstMatchingProfileWinsWithItsSubject() {
        RecognizedCode badge = recognizer.recognize("ODB1:43012419900101123X").orElseThrow();
        assertEquals("badge", badge.profile());
        assertEquals(Optional.of("43012419900101123X"), badge.subject());
        RecognizedCode url = recognizer.recognize("https://hc.example.gov.cn/c/abcdefghijklmnop").orElseThrow();
        assertEquals("province-url", url.profile());
        assertTrue(url.subject().isEmpty());
    }

    @Test
    void theWholeTextMustMatch() {
        assertTrue(recognizer.recognize("xODB1:43012419900101123X").isEmpty());
        assertTrue(recognizer.recognize("ODB1:43012419900101123X\n").isEmpty());
        assertTrue(recognizer.recognize("hello").isEmpty());
    }

    @Test
    void toStringNeverShowsTheText() {
        RecognizedCode badge = recognizer.recognize("ODB1:43012419900101123X").orElseThrow();
        assertTrue(!badge.toString().contains("4301241990"), badge.toString());
    }

    @Test
    void scanTextAcceptsUtf8AndRejectsNoise() {
        assertEquals(Optional.of("东门 ok"), ScanText.decode("东门 ok".getBytes(StandardCharsets.UTF_8)));
        assertTrue(ScanText.decode(new byte[] {(byte) 0xC3, 0x28}).isEmpty(), "invalid UTF-8");
        assertTrue(ScanText.decode(new byte[] {'a', 0, 'b'}).isEmpty(), "NUL");
        assertTrue(ScanText.decode(new byte[] {'a', 0x1B, 'b'}).isEmpty(), "escape");
        assertTrue(ScanText.decode(new byte[0]).isEmpty(), "empty");
        assertTrue(ScanText.decode("东门".getBytes(java.nio.charset.Charset.forName("GBK"))).isEmpty(), "GBK is not UTF-8");
    }
}
