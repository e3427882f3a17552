package dev.profundo.vision.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A grouped bar chart: one bar per series for each category, with optional value labels and a reference line. */
public final class BarChart {
    private record Series(String name, double[] values, Color color) {}

    private final String title, xLabel, yLabel;
    private final List<String> categories;
    private final List<Series> series = new ArrayList<>();
    private Double yMin, yMax, reference;
    private String referenceLabel;
    private String valueFormat;

    /** A chart over the given category labels. */
    public BarChart(String title, String xLabel, String yLabel, List<String> categories) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.categories = List.copyOf(categories);
    }

    /** Adds a series with one value per category. */
    public BarChart add(String name, double[] values) {
        return add(name, values, new Color(Colormap.categorical(series.size())));
    }

    /** Adds a series in a given colour. */
    public BarChart add(String name, double[] values, Color color) {
        if (values.length != categories.size())
            throw new IllegalArgumentException("BarChart.add: series '" + name + "' has " + values.length
                    + " values for " + categories.size() + " categories");
        series.add(new Series(name, values.clone(), color));
        return this;
    }

    /** Fixes the y range. */
    public BarChart yRange(double lo, double hi) {
        yMin = lo;
        yMax = hi;
        return this;
    }

    /** Draws a dashed horizontal line at {@code y} with a label (e.g. a threshold). */
    public BarChart reference(double y, String label) {
        reference = y;
        referenceLabel = label;
        return this;
    }

    /** Writes each bar's value above it with a {@link String#format} pattern such as {@code %.1f}. */
    public BarChart valueLabels(String format) {
        valueFormat = format;
        return this;
    }

    /** Renders the chart as a new image. */
    public BufferedImage render(int width, int height) {
        BufferedImage img = Png.blank(width, height);
        Graphics2D g = Png.canvas(img);
        double lo = 0, hi = 0;
        for (Series s : series) for (double v : s.values) if (Double.isFinite(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        // With a legend (top right), leave headroom so it cannot cover the tallest bars or their labels.
        if (series.size() > 1 && hi > 0) hi *= 1.2;
        var ys = yMin != null ? Ticks.inside(yMin, yMax, 5) : Ticks.nice(lo, hi, 5);
        int n = categories.size();
        var xs = new Ticks.Scale(-0.5, n - 0.5, 1, List.of());
        boolean rotate = false;
        g.setFont(Png.font(12, false));
        int longest = 0;
        for (String c : categories) longest = Math.max(longest, g.getFontMetrics().stringWidth(c));
        if ((longest + 6) * n > width * 0.8) rotate = true;
        var area = new PlotArea(g, 0, 0, width, height, xs, ys, categories, rotate);
        area.drawFrame(g, 0, 0, width, height, title, xLabel, yLabel);
        double slot = (area.px(1) - area.px(0)) * 0.8, barW = slot / Math.max(1, series.size());
        g.setFont(Png.font(11, false));
        var fm = g.getFontMetrics();
        for (int si = 0; si < series.size(); si++) {
            Series s = series.get(si);
            for (int c = 0; c < n; c++) {
                double v = s.values[c];
                if (!Double.isFinite(v)) continue;
                double x = area.px(c) - slot / 2 + si * barW;
                double y0 = area.py(Math.max(ys.lo(), 0)), y1 = area.py(v);
                g.setColor(s.color);
                g.fillRect((int) Math.round(x + 1), (int) Math.round(Math.min(y0, y1)), (int) Math.max(1, Math.round(barW - 2)),
                        (int) Math.max(1, Math.round(Math.abs(y0 - y1))));
                if (valueFormat != null) {
                    String t = String.format(Locale.ROOT, valueFormat, v);
                    g.setColor(PlotArea.TEXT);
                    if (fm.stringWidth(t) <= barW + 6)
                        g.drawString(t, (int) Math.round(x + barW / 2 - fm.stringWidth(t) / 2.0), (int) Math.round(Math.min(y0, y1)) - 3);
                }
            }
        }
        if (reference != null) {
            int y = (int) Math.round(area.py(reference));
            g.setColor(new Color(0x555555));
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
            g.drawLine(area.left, y, area.right, y);
            g.setStroke(new BasicStroke(1f));
            if (referenceLabel != null) g.drawString(referenceLabel, area.left + 6, y - 4);
        }
        if (series.size() > 1) {
            List<String> names = new ArrayList<>();
            List<Color> colors = new ArrayList<>();
            for (Series s : series) {
                names.add(s.name);
                colors.add(s.color);
            }
            area.drawLegend(g, names, colors, true, false);
        }
        g.dispose();
        return img;
    }
}
