package org.onedoor.terminal.poster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Posters round trip: written as PNG, read back, decoded with ZXing. */
class PosterTest {
    private static final String VENUE = "湘江农贸市场";
    private static final List<Entrance> ENTRANCES = List.of(
            new Entrance("东门", "https://hc.example.gov.cn/v/430124/8f3a2c91d0e4b7a6?e=01&k=Zq9XwT3mLr"),
            new Entrance("地下停车场入口", "湖南场所码|430124|湘江农贸市场|地下停车场入口|a1b2c3"));

    @TempDir
    Path dir;

    @Test
    void eachPosterDecodesToItsVenueCodeAtA3And300Dpi() throws Exception {
        PosterRenderer renderer = new PosterRenderer(VENUE);
        for (int i = 0; i < ENTRANCES.size(); i++) {
            Entrance entrance = ENTRANCES.get(i);
            long start = System.nanoTime();
            Poster poster = renderer.render(entrance);
            Path file = dir.resolve("poster-" + (i + 1) + ".png");
            poster.writePng(file);
            System.out.printf("poster %s: rendered and written in %d ms, %d KiB, font %s%n", entrance.name(),
                    (System.nanoTime() - start) / 1_000_000, Files.size(file) / 1024, poster.font().getFamily(Locale.ROOT));

            BufferedImage read = ImageIO.read(file.toFile());
            assertEquals(3508, read.getWidth());
            assertEquals(4961, read.getHeight());
            assertEquals(11811, pixelsPerMetre(file), "300 dpi in the pHYs chunk");
            Result decoded = decode(read);
            assertEquals(entrance.venueCode(), decoded.getText());
            assertEquals("H", decoded.getResultMetadata().get(ResultMetadataType.ERROR_CORRECTION_LEVEL));
            assertEquals(entrance.venueCode(), decode(scaled(read, 4)).getText(), "a quarter-size photo still reads");
            assertFontDrawsEveryCharacter(poster);
            assertTrue(poster.texts().containsAll(List.of(VENUE, entrance.name(), PosterRenderer.HANG_HOW,
                    PosterRenderer.HANG_WHERE)));
        }
    }

    @Test
    void withoutAFontForTheNamesTheErrorNamesThePackageToInstall() {
        MissingFontException e = assertThrows(MissingFontException.class,
                () -> PosterFont.forText("湘江农贸市场东门", List.of("DejaVu Sans", "SansSerif", "Dialog")));
        assertTrue(e.getMessage().contains("fonts-noto-cjk"), e.getMessage());
        assertTrue(e.getMessage().contains("fonts-wqy-zenhei"), e.getMessage());
    }

    @Test
    void aVenueCodeTooLongForAQrCodeIsAClearError() {
        Entrance huge = new Entrance("东门", "x".repeat(4000));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PosterRenderer(VENUE).render(huge));
        assertTrue(e.getMessage().contains("东门") && e.getMessage().contains("level H"), e.getMessage());
    }

    @Test
    void lanesOfOneEntranceShareAPosterButNotTwoCodes() {
        Entrance east = new Entrance("东门", "code-1");
        assertEquals(List.of(east, new Entrance("西门", "code-2")),
                Entrance.distinct(List.of(east, new Entrance("西门", "code-2"), new Entrance("东门", "code-1"))));
        assertThrows(IllegalArgumentException.class,
                () -> Entrance.distinct(List.of(east, new Entrance("东门", "code-3"))));
        assertThrows(IllegalArgumentException.class, () -> new Entrance("东门", ""));
        assertThrows(IllegalArgumentException.class, () -> new Entrance(" ", "code"));
    }

    /** Every character has a real glyph in the chosen font, not the missing-glyph box. */
    private static void assertFontDrawsEveryCharacter(Poster poster) {
        Font font = poster.font();
        assertFalse(List.of("Dialog", "DialogInput", "Monospaced", "SansSerif", "Serif").contains(font.getFamily(Locale.ROOT)),
                "a physical font, not a logical one: " + font.getFamily(Locale.ROOT));
        FontRenderContext frc = new FontRenderContext(null, true, true);
        for (String text : poster.texts()) {
            assertEquals(-1, font.canDisplayUpTo(text), text);
            text.codePoints().filter(cp -> !Character.isWhitespace(cp)).forEach(cp -> {
                int glyph = font.createGlyphVector(frc, Character.toChars(cp)).getGlyphCode(0);
                assertNotEquals(font.getMissingGlyphCode(), glyph, "glyph for " + Character.toString(cp));
            });
        }
    }

    private static Result decode(BufferedImage image) throws NotFoundException, Exception {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
    }

    private static BufferedImage scaled(BufferedImage image, int divisor) {
        BufferedImage small = new BufferedImage(image.getWidth() / divisor, image.getHeight() / divisor,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, small.getWidth(), small.getHeight(), null);
        g.dispose();
        return small;
    }

    private static long pixelsPerMetre(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            IIOMetadata metadata = reader.getImageMetadata(0);
            Node root = metadata.getAsTree("javax_imageio_png_1.0");
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeName().equals("pHYs")) {
                    Element phys = (Element) n;
                    assertEquals("meter", phys.getAttribute("unitSpecifier"));
                    assertEquals(phys.getAttribute("pixelsPerUnitXAxis"), phys.getAttribute("pixelsPerUnitYAxis"));
                    return Long.parseLong(phys.getAttribute("pixelsPerUnitXAxis"));
                }
            }
            throw new AssertionError("no pHYs chunk");
        }
    }
}
