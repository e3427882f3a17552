package dev.profundo.vision.viz;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A titled grid of small images, each enlarged to a cell and optionally captioned, with an
 * optional colour bar: used for filters, activation maps, top-activating patches and example images.
 */
public final class ImageGrid {
    private final String title;
    private final List<BufferedImage> tiles = new ArrayList<>();
    private final List<String> captions = new ArrayList<>();
    private String subtitle = "";
    private ColorBar colorBar;
    private boolean smooth;

    /** An empty grid with a title. */
    public ImageGrid(String title) {
        this.title = title;
    }

    /** Adds a tile with a caption (may be empty). */
    public ImageGrid add(BufferedImage tile, String caption) {
        tiles.add(tile);
        captions.add(caption == null ? "" : caption);
        return this;
    }

    /** A second, smaller line under the title (what the colours mean, how tiles were scaled). */
    public ImageGrid subtitle(String text) {
        subtitle = text == null ? "" : text;
        return this;
    }

    /** Draws a colour bar on the right. */
    public ImageGrid colorBar(ColorBar bar) {
        colorBar = bar;
        return this;
    }

    /** Enlarges tiles smoothly (photos) rather than with crisp square pixels (kernels, the default). */
    public ImageGrid smooth(boolean on) {
        smooth = on;
        return this;
    }

    /** Number of tiles. */
    public int size() {
        return tiles.size();
    }

    /** Renders tiles in {@code columns} columns, each tile drawn {@code cell x cell} pixels. */
    public BufferedImage render(int columns, int cell) {
        if (tiles.isEmpty()) throw new IllegalStateException("ImageGrid '" + title + "': no tiles to render");
        if (columns < 1 || cell < 4) throw new IllegalArgumentException("ImageGrid.render: need columns >= 1 and cell >= 4, got " + columns + ", " + cell);
        columns = Math.min(columns, tiles.size());
        int rows = (tiles.size() + columns - 1) / columns;
        boolean anyCaption = captions.stream().anyMatch(c -> !c.isEmpty());
        int gap = 6, capH = anyCaption ? 16 : 0;
        int headH = 34 + (subtitle.isEmpty() ? 0 : 18);
        int gridW = columns * cell + (columns - 1) * gap, gridH = rows * (cell + capH) + (rows - 1) * gap;
        int barW = colorBar == null ? 0 : ColorBar.WIDTH + 10;
        int titleW = textWidth(title, Png.font(15, true)) + 24, subW = textWidth(subtitle, Png.font(12, false)) + 24;
        int width = Math.max(Math.max(gridW + 24 + barW, 320), Math.max(titleW, subW)), height = headH + gridH + 16;
        BufferedImage img = Png.blank(width, height);
        Graphics2D g = Png.canvas(img);
        g.setColor(PlotArea.TEXT);
        g.setFont(Png.font(15, true));
        g.drawString(title, 12, 24);
        if (!subtitle.isEmpty()) {
            g.setFont(Png.font(12, false));
            g.setColor(new Color(0x555555));
            g.drawString(subtitle, 12, 44);
        }
        int x0 = 12 + (width - 24 - barW - gridW) / 2, y0 = headH;
        g.setFont(Png.font(11, false));
        var fm = g.getFontMetrics();
        for (int i = 0; i < tiles.size(); i++) {
            int r = i / columns, c = i % columns;
            int x = x0 + c * (cell + gap), y = y0 + r * (cell + capH + gap);
            BufferedImage t = tiles.get(i);
            double s = Math.min(cell / (double) t.getWidth(), cell / (double) t.getHeight());
            int tw = (int) Math.round(t.getWidth() * s), th = (int) Math.round(t.getHeight() * s);
            g.drawImage(Raster.scale(t, tw, th, smooth), x + (cell - tw) / 2, y + (cell - th) / 2, null);
            g.setColor(new Color(0xCCCCCC));
            g.drawRect(x + (cell - tw) / 2 - 1, y + (cell - th) / 2 - 1, tw + 1, th + 1);
            String cap = captions.get(i);
            if (!cap.isEmpty()) {
                while (fm.stringWidth(cap) > cell + gap && cap.length() > 2) cap = cap.substring(0, cap.length() - 2) + "…";
                g.setColor(PlotArea.TEXT);
                g.drawString(cap, x + (cell - fm.stringWidth(cap)) / 2, y + cell + fm.getAscent() + 1);
            }
        }
        if (colorBar != null) colorBar.draw(g, width - barW, y0, Math.max(60, Math.min(gridH, 320)));
        g.dispose();
        return img;
    }

    private static int textWidth(String s, java.awt.Font f) {
        if (s.isEmpty()) return 0;
        var probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = probe.createGraphics();
        int w = g.getFontMetrics(f).stringWidth(s);
        g.dispose();
        return w;
    }
}
