package dev.profundo.vision.viz;

import java.awt.image.BufferedImage;

/** Turns 2-D arrays of values into small images through a colour map, and blends heat maps over pictures. */
public final class Raster {
    private Raster() {}

    /** A {@code w x h} image of {@code values} (row-major, from {@code offset}) coloured on the scale [lo, hi]. */
    public static BufferedImage map(float[] values, int offset, int h, int w, Colormap cm, double lo, double hi) {
        checkSize("Raster.map", values, offset, h, w);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) img.setRGB(x, y, cm.rgb(values[offset + y * w + x], lo, hi));
        return img;
    }

    /** As {@link #map}, scaled to the values' own minimum and maximum. */
    public static BufferedImage mapOwnRange(float[] values, int offset, int h, int w, Colormap cm) {
        double[] r = range(values, offset, h * w);
        return map(values, offset, h, w, cm, r[0], r[1]);
    }

    /** An RGB image from a (3, h, w) or grayscale from a (1, h, w) array of values in [lo, hi]. */
    public static BufferedImage picture(float[] values, int offset, int channels, int h, int w, double lo, double hi) {
        if (channels != 1 && channels != 3)
            throw new IllegalArgumentException("Raster.picture: need 1 or 3 channels, got " + channels);
        checkSize("Raster.picture", values, offset, channels * h, w);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int i = offset + y * w + x;
                int r = level(values[i], lo, hi);
                int gr = channels == 3 ? level(values[i + plane], lo, hi) : r;
                int b = channels == 3 ? level(values[i + 2 * plane], lo, hi) : r;
                img.setRGB(x, y, r << 16 | gr << 8 | b);
            }
        return img;
    }

    /**
     * The picture (enlarged to {@code size x size}, smooth) with a heat map in [0, 1] laid over it;
     * the heat's opacity grows with its value so cold regions leave the picture visible.
     */
    public static BufferedImage overlay(BufferedImage picture, float[] heat, int h, int w, int size, Colormap cm) {
        checkSize("Raster.overlay", heat, 0, h, w);
        BufferedImage base = scale(picture, size, size, true), out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) {
                double v = bilinear(heat, h, w, (y + 0.5) * h / size - 0.5, (x + 0.5) * w / size - 0.5);
                int p = base.getRGB(x, y), c = cm.rgb(v);
                double a = 0.25 + 0.6 * Math.clamp(v, 0, 1);
                int r = blend(p >> 16 & 255, c >> 16 & 255, a), g = blend(p >> 8 & 255, c >> 8 & 255, a), b = blend(p & 255, c & 255, a);
                out.setRGB(x, y, r << 16 | g << 8 | b);
            }
        return out;
    }

    /** The image resized to {@code w x h}: nearest-neighbour keeps pixels crisp (kernels), bilinear is smooth (photos). */
    public static BufferedImage scale(BufferedImage src, int w, int h, boolean smooth) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, smooth
                ? java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR : java.awt.RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** {min, max} of {@code n} values from {@code offset}, ignoring NaN; {0, 0} if none. */
    public static double[] range(float[] v, int offset, int n) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + n; i++) {
            if (Float.isNaN(v[i])) continue;
            lo = Math.min(lo, v[i]);
            hi = Math.max(hi, v[i]);
        }
        return lo > hi ? new double[] {0, 0} : new double[] {lo, hi};
    }

    /** Bilinear sample of an h x w map at fractional (y, x), clamped at the borders. */
    static double bilinear(float[] m, int h, int w, double y, double x) {
        y = Math.clamp(y, 0, h - 1);
        x = Math.clamp(x, 0, w - 1);
        int y0 = (int) y, x0 = (int) x, y1 = Math.min(y0 + 1, h - 1), x1 = Math.min(x0 + 1, w - 1);
        double fy = y - y0, fx = x - x0;
        return (m[y0 * w + x0] * (1 - fx) + m[y0 * w + x1] * fx) * (1 - fy) + (m[y1 * w + x0] * (1 - fx) + m[y1 * w + x1] * fx) * fy;
    }

    private static int level(float v, double lo, double hi) {
        return (int) Math.round(255 * Math.clamp(hi > lo ? (v - lo) / (hi - lo) : 0.5, 0, 1));
    }

    private static int blend(int a, int b, double t) {
        return (int) Math.round(a * (1 - t) + b * t);
    }

    private static void checkSize(String op, float[] values, int offset, int h, int w) {
        if (h < 1 || w < 1 || offset < 0 || (long) offset + (long) h * w > values.length)
            throw new IllegalArgumentException(op + ": a " + h + "x" + w + " map from offset " + offset
                    + " does not fit in " + values.length + " values");
    }
}
