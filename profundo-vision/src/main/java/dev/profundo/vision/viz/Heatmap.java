package dev.profundo.vision.viz;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/** A labelled matrix image, such as a confusion matrix: coloured cells with their values, and a colour bar. */
public final class Heatmap {
    private Heatmap() {}

    /**
     * Renders {@code m} (rows x columns) with row and column labels; cells are coloured by
     * {@code colour[r][c]} on [0, max] and show {@code m[r][c]}. For a confusion matrix pass counts
     * as {@code m} and row-normalised rates as {@code colour}, so rare classes read as clearly as common ones.
     */
    public static BufferedImage render(String title, String rowAxis, String colAxis, List<String> rowLabels,
                                       List<String> colLabels, long[][] m, double[][] colour, String colourLabel, Colormap cm) {
        int rows = m.length, cols = rows == 0 ? 0 : m[0].length;
        if (rows == 0 || rowLabels.size() != rows || colLabels.size() != cols || colour.length != rows)
            throw new IllegalArgumentException("Heatmap.render: a " + rows + "x" + cols + " matrix needs " + rows
                    + " row labels and " + cols + " column labels and a colour matrix of the same shape");
        double max = 0;
        for (double[] r : colour) for (double v : r) max = Math.max(max, v);
        if (max == 0) max = 1;
        int cell = 46;
        BufferedImage probe = Png.blank(1, 1);
        Graphics2D pg = Png.canvas(probe);
        pg.setFont(Png.font(12, false));
        int rowW = 0, colH = 0;
        for (String s : rowLabels) rowW = Math.max(rowW, pg.getFontMetrics().stringWidth(s));
        for (String s : colLabels) colH = Math.max(colH, pg.getFontMetrics().stringWidth(s));
        pg.dispose();
        int left = 40 + rowW + 10, top = 44, gridW = cols * cell, gridH = rows * cell;
        int colLabelH = (int) Math.ceil(colH * Math.sin(Math.toRadians(40))) + 24;
        int width = left + gridW + 20 + ColorBar.WIDTH + 10, height = top + gridH + colLabelH + 34;
        BufferedImage img = Png.blank(width, height);
        Graphics2D g = Png.canvas(img);
        g.setFont(Png.font(15, true));
        g.setColor(PlotArea.TEXT);
        g.drawString(title, left + (gridW - g.getFontMetrics().stringWidth(title)) / 2, 26);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) {
                double t = colour[r][c] / max;
                int rgb = cm.rgb(t);
                g.setColor(new Color(rgb));
                g.fillRect(left + c * cell, top + r * cell, cell, cell);
                String s = Long.toString(m[r][c]);
                g.setFont(Png.font(s.length() > 4 ? 10 : 12, r == c));
                var fm = g.getFontMetrics();
                g.setColor(luminance(rgb) < 0.5 ? Color.WHITE : PlotArea.TEXT);
                g.drawString(s, left + c * cell + (cell - fm.stringWidth(s)) / 2, top + r * cell + (cell + fm.getAscent()) / 2 - 2);
            }
        g.setColor(PlotArea.AXIS);
        g.drawRect(left, top, gridW, gridH);
        g.setFont(Png.font(12, false));
        var fm = g.getFontMetrics();
        g.setColor(PlotArea.TEXT);
        for (int r = 0; r < rows; r++)
            g.drawString(rowLabels.get(r), left - 8 - fm.stringWidth(rowLabels.get(r)), top + r * cell + (cell + fm.getAscent()) / 2 - 2);
        for (int c = 0; c < cols; c++) {
            AffineTransform saved = g.getTransform();
            g.translate(left + c * cell + cell / 2.0 + 4, top + gridH + 10);
            g.rotate(Math.toRadians(-40));
            g.drawString(colLabels.get(c), -fm.stringWidth(colLabels.get(c)), 0);
            g.setTransform(saved);
        }
        g.setFont(Png.font(13, false));
        var lf = g.getFontMetrics();
        g.drawString(colAxis, left + (gridW - lf.stringWidth(colAxis)) / 2, height - 10);
        AffineTransform saved = g.getTransform();
        g.translate(18, top + (gridH + lf.stringWidth(rowAxis)) / 2.0);
        g.rotate(-Math.PI / 2);
        g.drawString(rowAxis, 0, 0);
        g.setTransform(saved);
        new ColorBar(cm, 0, max, colourLabel).draw(g, left + gridW + 20, top, gridH);
        g.dispose();
        return img;
    }

    private static double luminance(int rgb) {
        return (0.299 * (rgb >> 16 & 255) + 0.587 * (rgb >> 8 & 255) + 0.114 * (rgb & 255)) / 255;
    }

    /** Row-normalised rates of a count matrix (each row sums to 1; empty rows stay 0). */
    public static double[][] rowRates(long[][] m) {
        double[][] out = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
            long sum = 0;
            for (long v : m[r]) sum += v;
            out[r] = new double[m[r].length];
            for (int c = 0; c < m[r].length; c++) out[r][c] = sum == 0 ? 0 : m[r][c] / (double) sum;
        }
        return out;
    }

    static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * v);
    }
}
