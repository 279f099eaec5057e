package org.onedoor.terminal.poster;

import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An entrance's poster as drawn.
 *
 * @param font  the font every text was drawn in (at various sizes and weights)
 * @param texts every text drawn, so a check can hold them against the font
 */
public record Poster(Entrance entrance, BufferedImage image, Font font, List<String> texts) {
    /** Writes the poster as a PNG that says its resolution, 300 dpi. */
    public void writePng(Path file) throws IOException {
        PngFile.write(image, PosterRenderer.DPI, file);
    }
}
