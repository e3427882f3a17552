package dev.profundo.vision.viz;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** A scatter plot of 2-D points coloured by class, with a legend of class names. */
public final class ScatterPlot {
    private final String title, xLabel, yLabel;

    /** A scatter plot with a title and axis labels. */
    public ScatterPlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /**
     * Renders points ({@code x[i]}, {@code y[i]}) in the colour of {@code label[i]}; the legend
     * names classes by {@code classes}. The legend sits in a margin on the right.
     */
    public BufferedImage render(double[] x, double[] y, int[] label, List<String> classes, int width, int height) {
        if (x.length != y.length || x.length != label.length)
            throw new IllegalArgumentException("ScatterPlot.render: x, y and label lengths differ (" + x.length + ", "
                    + y.length + ", " + label.length + ")");
        BufferedImage img = Png.blank(width, height);
        Graphics2D g = Png.canvas(img);
        int legendW = 0;
        g.setFont(Png.font(12, false));
        for (String c : classes) legendW = Math.max(legendW, g.getFontMetrics().stringWidth(c));
        legendW += 44;
        double xlo = Double.POSITIVE_INFINITY, xhi = Double.NEGATIVE_INFINITY, ylo = xlo, yhi = xhi;
        for (int i = 0; i < x.length; i++) {
            xlo = Math.min(xlo, x[i]);
            xhi = Math.max(xhi, x[i]);
            ylo = Math.min(ylo, y[i]);
            yhi = Math.max(yhi, y[i]);
        }
        var area = new PlotArea(g, 0, 0, width - legendW, height, Ticks.nice(xlo, xhi, 6), Ticks.nice(ylo, yhi, 6), null, false);
        area.drawFrame(g, 0, 0, width - legendW, height, title, xLabel, yLabel);
        for (int i = 0; i < x.length; i++) {
            int rgb = Colormap.categorical(label[i]);
            g.setColor(new Color(rgb >> 16 & 255, rgb >> 8 & 255, rgb & 255, 150));
            g.fillOval((int) Math.round(area.px(x[i])) - 3, (int) Math.round(area.py(y[i])) - 3, 6, 6);
        }
        // The legend goes beside the plot so it never hides points.
        List<Color> colors = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) colors.add(new Color(Colormap.categorical(c)));
        var fm = g.getFontMetrics();
        int rowH = fm.getHeight() + 4, lx = width - legendW + 6, ly = area.top + 4;
        for (int c = 0; c < classes.size(); c++) {
            g.setColor(colors.get(c));
            g.fillOval(lx, ly + c * rowH + rowH / 2 - 5, 10, 10);
            g.setColor(PlotArea.TEXT);
            g.drawString(classes.get(c), lx + 16, ly + c * rowH + rowH / 2 + fm.getAscent() / 2 - 1);
        }
        g.dispose();
        return img;
    }
}
