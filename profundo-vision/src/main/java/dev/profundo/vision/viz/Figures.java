package dev.profundo.vision.viz;

import dev.profundo.tensor.Tensor;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Ready-made figures of a network: filter grids, activation grids, OSI charts and training curves. */
public final class Figures {
    private Figures() {}

    /**
     * The kernels of a convolution weight (out, in, kh, kw) as a grid, each scaled to its own
     * largest magnitude on a blue-white-red scale (white = 0), with optional captions. Three-channel
     * kernels are drawn in colour (each scaled to its own range), others summed over channels.
     */
    public static BufferedImage filters(Tensor weight, String title, List<String> captions, int columns) {
        if (weight.dim() != 4)
            throw new IllegalArgumentException("Figures.filters: expected a convolution weight (out, in, kh, kw), got shape "
                    + Arrays.toString(weight.shape()));
        int out = weight.size(0), in = weight.size(1), kh = weight.size(2), kw = weight.size(3);
        float[] w = weight.detach().contiguous().toFloatArray();
        var grid = new ImageGrid(title);
        for (int o = 0; o < out; o++) {
            BufferedImage tile;
            if (in == 3) {
                tile = Raster.picture(w, o * 3 * kh * kw, 3, kh, kw, Raster.range(w, o * 3 * kh * kw, 3 * kh * kw)[0],
                        Raster.range(w, o * 3 * kh * kw, 3 * kh * kw)[1]);
            } else {
                float[] k = new float[kh * kw];
                for (int c = 0; c < in; c++) for (int i = 0; i < k.length; i++) k[i] += w[(o * in + c) * kh * kw + i];
                double m = 0;
                for (float v : k) m = Math.max(m, Math.abs(v));
                tile = Raster.map(k, 0, kh, kw, Colormap.DIVERGING, -m, m);
            }
            grid.add(tile, captions == null ? "#" + o : captions.get(o));
        }
        int cell = Math.max(48, Math.min(84, 12 * Math.max(kh, kw)));
        if (in != 3) {
            grid.subtitle(kh + "x" + kw + " kernels, each scaled to its largest |weight|: red positive, blue negative, white 0");
            grid.colorBar(new ColorBar(Colormap.DIVERGING, -1, 1, "weight / max |weight|"));
        } else {
            grid.subtitle(kh + "x" + kw + " RGB kernels, each scaled to its own range");
        }
        return grid.render(columns, cell);
    }

    /**
     * The channels of one feature map (1, C, h, w) as a grid on one shared scale, so channels can be
     * compared; at most {@code maxChannels} channels are drawn.
     */
    public static BufferedImage activations(Tensor map, String title, int maxChannels) {
        if (map.dim() != 4)
            throw new IllegalArgumentException("Figures.activations: expected (1, C, h, w), got " + Arrays.toString(map.shape()));
        int c = map.size(1), h = map.size(2), w = map.size(3), shown = Math.min(c, maxChannels);
        float[] v = map.slice(0, 0, 1).contiguous().toFloatArray();
        double[] r = Raster.range(v, 0, shown * h * w);
        boolean signed = r[0] < 0;
        // The 99.5th percentile of |activation| sets the scale: one saturated channel must not wash out the rest.
        float[] mags = new float[shown * h * w];
        for (int i = 0; i < mags.length; i++) mags[i] = Math.abs(v[i]);
        Arrays.sort(mags);
        double m = mags[Math.min(mags.length - 1, (int) Math.floor(0.995 * (mags.length - 1)))];
        Colormap cm = signed ? Colormap.DIVERGING : Colormap.VIRIDIS;
        double lo = signed ? -m : 0, hi = m > 0 ? m : 1;
        var grid = new ImageGrid(title).subtitle(c + " channels of " + h + "x" + w
                + (shown < c ? ", first " + shown + " shown" : "") + "; one colour scale for all channels (clipped at the 99.5th percentile)");
        for (int ch = 0; ch < shown; ch++) grid.add(Raster.map(v, ch * h * w, h, w, cm, lo, hi), "#" + ch);
        grid.colorBar(new ColorBar(cm, lo, hi, "activation"));
        int columns = shown <= 16 ? 8 : shown <= 64 ? 8 : 16;
        int cell = h >= 14 ? 72 : 56;
        return grid.render(columns, cell);
    }

    /** A histogram of OSI values of the trained and the initial kernels, with the selectivity threshold marked. */
    public static BufferedImage osiHistogram(double[] trained, double[] init, double threshold) {
        return osiHistogram(trained, init, "Orientation selectivity of first-layer filters", "filters");
    }

    /** The same histogram with its own title and count label (e.g. for the channels of a deeper layer). */
    public static BufferedImage osiHistogram(double[] trained, double[] init, String title, String unit) {
        int bins = 10;
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < bins; b++) labels.add(String.format(Locale.ROOT, "%.1f–%.1f", b / 10.0, (b + 1) / 10.0));
        return new BarChart(title, "orientation selectivity index (OSI)", unit, labels)
                .add("trained", histogram(trained, bins), new Color(0xD62728))
                .add("at initialisation", histogram(init, bins), new Color(0x7F7F7F))
                .valueLabels("%.0f")
                .render(760, 400);
    }

    private static double[] histogram(double[] v, int bins) {
        double[] h = new double[bins];
        for (double x : v) h[Math.min(bins - 1, Math.max(0, (int) Math.floor(x * bins)))]++;
        return h;
    }

    /** Tuning curves (response against grating direction, normalised to the peak) of the given kernels. */
    public static BufferedImage tuningCurves(OrientationProbe.Result r, int[] filters, String title) {
        var plot = new LinePlot(title, "grating direction (degrees; 0 = vertical stripes)", "response / peak");
        double[] x = r.angles();
        for (int f : filters) {
            var t = r.filters().get(f);
            double max = Arrays.stream(t.tuningCurve()).max().orElse(1);
            double[] y = Arrays.stream(t.tuningCurve()).map(v -> max > 0 ? v / max : 0).toArray();
            plot.add(String.format(Locale.ROOT, "#%d  OSI %.2f", f, t.osi()), x, y);
        }
        return plot.yRange(0, 1).legendBottom(true).render(640, 380);
    }

    /** The loss, accuracy, learning-rate and throughput curves of a run, as a 2 x 2 panel. */
    public static BufferedImage trainingCurves(MetricsLog log) {
        double[] e = log.epochs();
        int w = 1100, h = 760;
        BufferedImage img = Png.blank(w, h);
        Graphics2D g = Png.canvas(img);
        new LinePlot("Loss", "epoch", "cross-entropy").add("train", e, log.column("train_loss"))
                .add("test", e, log.column("test_loss")).draw(g, 0, 0, w / 2, h / 2);
        new LinePlot("Accuracy", "epoch", "accuracy").add("train", e, log.column("train_accuracy"))
                .add("test", e, log.column("test_accuracy")).legendBottom(true).draw(g, w / 2, 0, w / 2, h / 2);
        new LinePlot("Learning rate", "epoch", "learning rate").add("", e, log.column("lr"), new Color(0x2CA02C), false)
                .draw(g, 0, h / 2, w / 2, h / 2);
        new LinePlot("Throughput", "epoch", "training images / second").add("", e, log.column("images_per_second"),
                new Color(0x9467BD), false).draw(g, w / 2, h / 2, w / 2, h / 2);
        g.dispose();
        return img;
    }
}
