package dev.profundo.vision.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** A line chart of one or more named series, with title, labelled axes and a legend. */
public final class LinePlot {
    private record Series(String name, double[] x, double[] y, Color color, boolean dashed) {}

    private final String title, xLabel, yLabel;
    private final List<Series> series = new ArrayList<>();
    private Double yMin, yMax;
    private boolean legendBottom;

    /** An empty chart with a title and axis labels. */
    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a series in the next default colour; points with a non-finite y are skipped. */
    public LinePlot add(String name, double[] x, double[] y) {
        return add(name, x, y, new Color(Colormap.categorical(series.size())), false);
    }

    /** Adds a series in a given colour, solid or dashed. */
    public LinePlot add(String name, double[] x, double[] y, Color color, boolean dashed) {
        if (x.length != y.length)
            throw new IllegalArgumentException("LinePlot.add: series '" + name + "' has " + x.length + " x values but " + y.length + " y values");
        series.add(new Series(name, x.clone(), y.clone(), color, dashed));
        return this;
    }

    /** Fixes the y range (e.g. 0 to 1 for accuracy) instead of fitting it to the data. */
    public LinePlot yRange(double lo, double hi) {
        yMin = lo;
        yMax = hi;
        return this;
    }

    /** Puts the legend in the bottom-right corner (for rising curves) instead of the top-right. */
    public LinePlot legendBottom(boolean bottom) {
        legendBottom = bottom;
        return this;
    }

    /** Renders the chart as a new image. */
    public BufferedImage render(int width, int height) {
        BufferedImage img = Png.blank(width, height);
        Graphics2D g = Png.canvas(img);
        draw(g, 0, 0, width, height);
        g.dispose();
        return img;
    }

    /** Draws the chart into a box of an existing image. */
    public void draw(Graphics2D g, int x0, int y0, int w, int h) {
        double xlo = Double.POSITIVE_INFINITY, xhi = Double.NEGATIVE_INFINITY, ylo = xlo, yhi = xhi;
        for (Series s : series)
            for (int i = 0; i < s.x.length; i++) {
                if (!Double.isFinite(s.y[i]) || !Double.isFinite(s.x[i])) continue;
                xlo = Math.min(xlo, s.x[i]);
                xhi = Math.max(xhi, s.x[i]);
                ylo = Math.min(ylo, s.y[i]);
                yhi = Math.max(yhi, s.y[i]);
            }
        if (xlo > xhi) {
            xlo = 0;
            xhi = 1;
            ylo = 0;
            yhi = 1;
        }
        boolean integers = true;
        for (Series s : series) for (double v : s.x) if (v != Math.rint(v)) integers = false;
        var xs = Ticks.nice(xlo, xhi, 6, integers);
        var ys = yMin != null ? Ticks.inside(yMin, yMax, 5) : Ticks.nice(ylo, yhi, 5);
        var area = new PlotArea(g, x0, y0, w, h, xs, ys, null, false);
        area.drawFrame(g, x0, y0, w, h, title, xLabel, yLabel);
        var clip = g.getClip();
        g.clipRect(area.left, area.top - 4, area.right - area.left + 1, area.bottom - area.top + 8);
        List<String> names = new ArrayList<>();
        List<Color> colors = new ArrayList<>();
        for (Series s : series) {
            g.setColor(s.color);
            g.setStroke(s.dashed
                    ? new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {7f, 5f}, 0f)
                    : new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D.Double path = new Path2D.Double();
            boolean started = false;
            int finite = 0;
            for (int i = 0; i < s.x.length; i++) {
                if (!Double.isFinite(s.y[i])) {
                    started = false;
                    continue;
                }
                finite++;
                if (started) path.lineTo(area.px(s.x[i]), area.py(s.y[i]));
                else path.moveTo(area.px(s.x[i]), area.py(s.y[i]));
                started = true;
            }
            g.draw(path);
            // Markers only where points are few enough to tell apart (per-epoch curves).
            if (finite <= 40)
                for (int i = 0; i < s.x.length; i++)
                    if (Double.isFinite(s.y[i]))
                        g.fillOval((int) Math.round(area.px(s.x[i])) - 3, (int) Math.round(area.py(s.y[i])) - 3, 7, 7);
            if (finite > 0) {
                names.add(s.name);
                colors.add(s.color);
            }
        }
        g.setClip(clip);
        g.setStroke(new BasicStroke(1f));
        if (series.size() > 1 || (series.size() == 1 && !series.getFirst().name.isEmpty()))
            area.drawLegend(g, names, colors, !legendBottom, true);
    }
}
