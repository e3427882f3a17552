package dev.profundo.vision.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.util.List;

/**
 * The frame of a 2-D chart inside a rectangle: title, axis labels, light grid, ticks with labels,
 * and the mapping from data to pixel coordinates. Charts draw their marks through {@link #px} and
 * {@link #py} after {@link #drawFrame}.
 */
final class PlotArea {
    static final Color GRID = new Color(0xE6E6E6);
    static final Color AXIS = new Color(0x444444);
    static final Color TEXT = new Color(0x222222);

    final int left, top, right, bottom;
    final Ticks.Scale xs, ys;
    final List<String> xCategories;
    private final boolean rotate;

    /**
     * Lays out a chart in the box ({@code x0}, {@code y0}, {@code w}, {@code h}); {@code xCategories}
     * replaces numeric x ticks by labels at 0, 1, 2… (bar charts), or is null.
     */
    PlotArea(Graphics2D g, int x0, int y0, int w, int h, Ticks.Scale xs, Ticks.Scale ys, List<String> xCategories,
             boolean rotateCategories) {
        this.xs = xs;
        this.ys = ys;
        this.xCategories = xCategories;
        g.setFont(Png.font(12, false));
        FontMetrics fm = g.getFontMetrics();
        int yLabelWidth = 0;
        for (double v : ys.values()) yLabelWidth = Math.max(yLabelWidth, fm.stringWidth(ys.label(v)));
        int xLabelHeight = fm.getHeight();
        if (xCategories != null && rotateCategories) {
            int longest = 0;
            for (String c : xCategories) longest = Math.max(longest, fm.stringWidth(c));
            xLabelHeight = (int) Math.ceil(longest * Math.sin(Math.toRadians(35))) + fm.getHeight();
        }
        this.left = x0 + 22 + yLabelWidth + 10;
        this.top = y0 + 38;
        this.right = x0 + w - 28;
        this.bottom = y0 + h - 26 - xLabelHeight;
        this.rotate = rotateCategories;
    }

    /** Pixel x of data value {@code x}. */
    double px(double x) {
        return left + (x - xs.lo()) / (xs.hi() - xs.lo()) * (right - left);
    }

    /** Pixel y of data value {@code y}. */
    double py(double y) {
        return bottom - (y - ys.lo()) / (ys.hi() - ys.lo()) * (bottom - top);
    }

    /** Draws the title, grid, axes, ticks and axis labels. */
    void drawFrame(Graphics2D g, int x0, int y0, int w, int h, String title, String xLabel, String yLabel) {
        g.setColor(TEXT);
        g.setFont(Png.font(15, true));
        FontMetrics tf = g.getFontMetrics();
        g.drawString(title, left + (right - left - tf.stringWidth(title)) / 2, y0 + 24);
        g.setFont(Png.font(12, false));
        FontMetrics fm = g.getFontMetrics();
        g.setStroke(new BasicStroke(1f));
        for (double v : ys.values()) {
            int y = (int) Math.round(py(v));
            g.setColor(GRID);
            g.drawLine(left, y, right, y);
            g.setColor(TEXT);
            String s = ys.label(v);
            g.drawString(s, left - 7 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
        }
        if (xCategories == null) {
            for (double v : xs.values()) {
                int x = (int) Math.round(px(v));
                g.setColor(GRID);
                g.drawLine(x, top, x, bottom);
                g.setColor(TEXT);
                String s = xs.label(v);
                g.drawString(s, x - fm.stringWidth(s) / 2, bottom + 5 + fm.getAscent());
            }
        } else {
            for (int i = 0; i < xCategories.size(); i++) {
                int x = (int) Math.round(px(i));
                String s = xCategories.get(i);
                g.setColor(TEXT);
                if (rotate) {
                    AffineTransform saved = g.getTransform();
                    g.translate(x + 4, bottom + 6 + fm.getAscent() / 2.0);
                    g.rotate(Math.toRadians(-35));
                    g.drawString(s, -fm.stringWidth(s), 0);
                    g.setTransform(saved);
                } else {
                    g.drawString(s, x - fm.stringWidth(s) / 2, bottom + 5 + fm.getAscent());
                }
            }
        }
        g.setColor(AXIS);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        g.setFont(Png.font(13, false));
        FontMetrics lf = g.getFontMetrics();
        g.setColor(TEXT);
        if (xLabel != null && !xLabel.isEmpty())
            g.drawString(xLabel, left + (right - left - lf.stringWidth(xLabel)) / 2, y0 + h - 8);
        if (yLabel != null && !yLabel.isEmpty()) {
            AffineTransform saved = g.getTransform();
            g.translate(x0 + 16, top + (bottom - top + lf.stringWidth(yLabel)) / 2.0);
            g.rotate(-Math.PI / 2);
            g.drawString(yLabel, 0, 0);
            g.setTransform(saved);
        }
    }

    /** A legend box in the given corner ({@code true}: top-right, else bottom-right) with one coloured entry per name. */
    void drawLegend(Graphics2D g, List<String> names, List<Color> colors, boolean topRight, boolean lines) {
        if (names.isEmpty()) return;
        g.setFont(Png.font(12, false));
        FontMetrics fm = g.getFontMetrics();
        int wMax = 0;
        for (String n : names) wMax = Math.max(wMax, fm.stringWidth(n));
        int rowH = fm.getHeight() + 2, boxW = wMax + 40, boxH = rowH * names.size() + 8;
        int bx = right - boxW - 8, by = topRight ? top + 8 : bottom - boxH - 8;
        g.setColor(new Color(255, 255, 255, 225));
        g.fillRoundRect(bx, by, boxW, boxH, 6, 6);
        g.setColor(new Color(0xBBBBBB));
        g.drawRoundRect(bx, by, boxW, boxH, 6, 6);
        for (int i = 0; i < names.size(); i++) {
            int cy = by + 4 + rowH * i + rowH / 2;
            g.setColor(colors.get(i));
            if (lines) {
                g.setStroke(new BasicStroke(2.5f));
                g.drawLine(bx + 8, cy, bx + 28, cy);
                g.setStroke(new BasicStroke(1f));
            } else {
                g.fillRect(bx + 10, cy - 5, 14, 10);
            }
            g.setColor(TEXT);
            g.drawString(names.get(i), bx + 34, cy + fm.getAscent() / 2 - 1);
        }
    }
}
