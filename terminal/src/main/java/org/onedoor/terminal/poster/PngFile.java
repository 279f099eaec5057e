package org.onedoor.terminal.poster;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes a PNG with its resolution (the pHYs chunk), so that a print shop's software prints it at
 * its true size — A3 — instead of guessing 72 dpi.
 */
final class PngFile {
    private static final String FORMAT = "javax_imageio_png_1.0";
    private static final double INCHES_PER_METRE = 1 / 0.0254;

    private PngFile() {
    }

    /** Written beside the target and moved into place, so a failed write leaves no half poster. */
    static void write(BufferedImage image, int dpi, Path target) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(image);
            IIOMetadata metadata = writer.getDefaultImageMetadata(type, param);
            metadata.mergeTree(FORMAT, resolution(dpi));
            Files.deleteIfExists(partial);
            try (ImageOutputStream out = ImageIO.createImageOutputStream(partial.toFile())) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, metadata), param);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            writer.dispose();
            Files.deleteIfExists(partial);
        }
    }

    /** Pixels per metre, as pHYs counts them. */
    static long pixelsPerMetre(int dpi) {
        return Math.round(dpi * INCHES_PER_METRE);
    }

    private static IIOMetadataNode resolution(int dpi) {
        String perMetre = Long.toString(pixelsPerMetre(dpi));
        IIOMetadataNode phys = new IIOMetadataNode("pHYs");
        phys.setAttribute("pixelsPerUnitXAxis", perMetre);
        phys.setAttribute("pixelsPerUnitYAxis", perMetre);
        phys.setAttribute("unitSpecifier", "meter");
        IIOMetadataNode root = new IIOMetadataNode(FORMAT);
        root.appendChild(phys);
        return root;
    }
}
