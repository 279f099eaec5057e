package org.onedoor.terminal.recognition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecognitionTest {
    private static final Charset GBK = Charset.forName("GBK");
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

    @ParameterizedTest
    @EnumSource(TextEncoding.class)
    void scanTextRejectsControlCharactersAndEmptyFrames(TextEncoding encoding) {
        assertTrue(ScanText.decode(new byte[] {'a', 0, 'b'}, encoding).isEmpty(), "NUL");
        assertTrue(ScanText.decode(new byte[] {'a', 0x1B, 'b'}, encoding).isEmpty(), "escape");
        assertTrue(ScanText.decode(new byte[0], encoding).isEmpty(), "empty");
        assertEquals(Optional.of("HC1:ok"), ScanText.decode("HC1:ok".getBytes(StandardCharsets.US_ASCII), encoding));
    }

    @Test
    void scanTextDecodesStrictlyInTheLanesEncoding() {
        byte[] utf8 = "东门 ok".getBytes(StandardCharsets.UTF_8);
        byte[] gbk = "东门 ok".getBytes(GBK);
        byte[] invalid = {(byte) 0xC3, 0x28, (byte) 0xFF};

        assertEquals(Optional.of("东门 ok"), ScanText.decode(utf8, TextEncoding.UTF_8));
        assertTrue(ScanText.decode(gbk, TextEncoding.UTF_8).isEmpty(), "GBK is not UTF-8");
        assertEquals(Optional.of("东门 ok"), ScanText.decode(gbk, TextEncoding.GBK));
        assertEquals(Optional.of("东门 ok"), ScanText.decode(utf8, TextEncoding.AUTO));
        assertEquals(Optional.of("东门 ok"), ScanText.decode(gbk, TextEncoding.AUTO));
        for (TextEncoding encoding : TextEncoding.values()) {
            assertTrue(ScanText.decode(invalid, encoding).isEmpty(), "invalid in " + encoding);
        }
    }
}
