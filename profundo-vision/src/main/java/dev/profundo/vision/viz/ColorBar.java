package dev.profundo.vision.viz;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;

/**
 * A vertical colour scale with tick labels and a caption: the legend that says what a colour in a
 * heat map or activation grid means.
 *
 * @param map   the colour map
 * @param lo    the value at the bottom
 * @param hi    the value at the top
 * @param label caption drawn along the bar (may be empty)
 */
public record ColorBar(Colormap map, double lo, double hi, String label) {
    /** The width in pixels the bar with its labels needs. */
    static final int WIDTH = 92;

    /** Draws the bar with its top-left corner at (x, y) and the given height. */
    void draw(Graphics2D g, int x, int y, int height) {
        int barW = 16;
        for (int i = 0; i < height; i++) {
            g.setColor(new Color(map.rgb(1 - i / (double) Math.max(1, height - 1))));
            g.fillRect(x, y + i, barW, 1);
        }
        g.setColor(PlotArea.AXIS);
        g.drawRect(x, y, barW, height - 1);
        g.setFont(Png.font(11, false));
        var fm = g.getFontMetrics();
        var ticks = Ticks.inside(lo, hi, 5);
        for (double v : ticks.values()) {
            int ty = (int) Math.round(y + (hi - v) / (hi - lo == 0 ? 1 : hi - lo) * (height - 1));
            g.setColor(PlotArea.AXIS);
            g.drawLine(x + barW, ty, x + barW + 4, ty);
            g.setColor(PlotArea.TEXT);
            g.drawString(ticks.label(v), x + barW + 7, ty + fm.getAscent() / 2 - 1);
        }
        if (label != null && !label.isEmpty()) {
            g.setFont(Png.font(12, false));
            var lf = g.getFontMetrics();
            AffineTransform saved = g.getTransform();
            g.translate(x + WIDTH - 10, y + (height + lf.stringWidth(label)) / 2.0);
            g.rotate(-Math.PI / 2);
            g.setColor(PlotArea.TEXT);
            g.drawString(label, 0, 0);
            g.setTransform(saved);
        }
    }
}
