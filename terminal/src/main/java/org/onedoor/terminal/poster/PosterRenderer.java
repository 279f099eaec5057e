package org.onedoor.terminal.poster;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws an entrance's poster: A3 portrait at 300 dpi, the venue's name and 场所码 on a green band,
 * the entrance's name, its venue code as a large QR code, the rule for entrants, and how to hang it.
 * Every line is shrunk to fit the width, so a long name is smaller rather than cut.
 */
public final class PosterRenderer {
    /** A3 (297 × 420 mm) at 300 dpi. */
    public static final int WIDTH = 3508;
    public static final int HEIGHT = 4961;
    public static final int DPI = 300;

    static final String TITLE = "场所码 · 一门一码";
    static final String SCAN = "进入请扫码，逢进必扫";
    static final String RULE = "扫码无异常者方可进入";
    static final String HANG_HOW = "张贴要求：彩色打印，覆膜后张贴";
    static final String HANG_WHERE = "海报上边缘距地面 1.7 米";

    private static final Color GREEN = new Color(0x0B7A4B);
    private static final Color INK = new Color(0x1C1C1C);
    private static final Color FOOTER = new Color(0xEDEDED);
    private static final int MARGIN = 236; // 20 mm
    private static final int QR_SIZE = 2500; // 21 cm: readable from a step away
    private static final int QR_TOP = 1330;
    private static final int FOOTER_TOP = 4440;

    private final String venueName;

    /** @param venueName the venue's name as entrants know it, e.g. 湘江农贸市场 */
    public PosterRenderer(String venueName) {
        if (venueName == null || venueName.isBlank()) {
            throw new IllegalArgumentException("the poster needs the venue's name");
        }
        this.venueName = venueName.strip();
    }

    /**
     * @throws IllegalArgumentException when the venue code does not fit in a QR code
     * @throws MissingFontException when no installed font can draw the names
     */
    public Poster render(Entrance entrance) {
        boolean[][] modules = VenueQr.modules(entrance);
        List<String> texts = List.of(venueName, TITLE, entrance.name(), SCAN, RULE, HANG_HOW, HANG_WHERE);
        Font font = PosterFont.forText(String.join("", texts));
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            drawHeader(g, font);
            g.setColor(INK);
            centred(g, font.deriveFont(Font.BOLD, 320f), entrance.name(), 1160);
            drawQr(g, modules);
            g.setColor(INK);
            centred(g, font.deriveFont(Font.BOLD, 150f), SCAN, 4070);
            g.setColor(GREEN);
            centred(g, font.deriveFont(Font.PLAIN, 120f), RULE, 4260);
            drawFooter(g, font);
        } finally {
            g.dispose();
        }
        return new Poster(entrance, image, font, texts);
    }

    private void drawHeader(Graphics2D g, Font font) {
        g.setColor(GREEN);
        g.fillRect(0, 0, WIDTH, 760);
        g.setColor(Color.WHITE);
        centred(g, font.deriveFont(Font.BOLD, 230f), venueName, 340);
        centred(g, font.deriveFont(Font.PLAIN, 150f), TITLE, 620);
    }

    private static void drawFooter(Graphics2D g, Font font) {
        g.setColor(FOOTER);
        g.fillRect(0, FOOTER_TOP, WIDTH, HEIGHT - FOOTER_TOP);
        g.setColor(INK);
        centred(g, font.deriveFont(Font.PLAIN, 96f), HANG_HOW, FOOTER_TOP + 210);
        centred(g, font.deriveFont(Font.PLAIN, 96f), HANG_WHERE, FOOTER_TOP + 370);
    }

    /** Whole pixels per module, centred in the QR box with its quiet zone, inside a green frame. */
    private static void drawQr(Graphics2D g, boolean[][] modules) {
        int left = (WIDTH - QR_SIZE) / 2;
        g.setColor(GREEN);
        g.setStroke(new BasicStroke(16f));
        g.drawRect(left - 8, QR_TOP - 8, QR_SIZE + 16, QR_SIZE + 16);
        int count = modules.length + 2 * VenueQr.QUIET_ZONE;
        int px = QR_SIZE / count;
        int origin = (QR_SIZE - px * count) / 2 + VenueQr.QUIET_ZONE * px;
        g.setColor(Color.BLACK);
        for (int y = 0; y < modules.length; y++) {
            for (int x = 0; x < modules[y].length; x++) {
                if (modules[y][x]) {
                    g.fillRect(left + origin + x * px, QR_TOP + origin + y * px, px, px);
                }
            }
        }
    }

    /** Draws {@code text} centred on {@code baseline}, smaller than asked if it would not fit between the margins. */
    private static void centred(Graphics2D g, Font font, String text, int baseline) {
        double width = font.getStringBounds(text, g.getFontRenderContext()).getWidth();
        double room = WIDTH - 2.0 * MARGIN;
        Font fitted = width > room ? font.deriveFont((float) (font.getSize2D() * room / width)) : font;
        g.setFont(fitted);
        double fittedWidth = fitted.getStringBounds(text, g.getFontRenderContext()).getWidth();
        g.drawString(text, (float) ((WIDTH - fittedWidth) / 2), baseline);
    }
}
