package dev.profundo.vision.viz;

import dev.profundo.nn.Sequential;
import dev.profundo.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The edge-detector check one layer deeper, through the network: full-field sine gratings go into the
 * model, and each channel of a chosen layer is read at the centre of its feature map.
 *
 * <p>A first-layer kernel can be probed on its own ({@link OrientationProbe}), but a deeper channel
 * sees the layers below it; so this probe measures the unit the way a physiologist would: show it
 * gratings at 12 directions, several spatial frequencies and 8 phases, rectify its response (a ReLU
 * follows every layer probed here), keep the strongest phase (a phase-invariant, "complex cell"
 * response), and compute the same OSI at the preferred direction and frequency. A channel that never
 * answers has OSI 0.
 */
public final class UnitOrientation {
    /** Spatial frequencies in cycles per pixel: a deeper unit sees 8+ pixels, so lower ones than the kernel probe's. */
    public static final double[] FREQUENCIES = {0.05, 0.1, 0.15, 0.2, 0.3, 0.4};
    /** Grating phases shown, evenly spaced over one period. */
    public static final int PHASES = 8;
    private static final int BATCH = 96;

    private UnitOrientation() {}

    /**
     * Probes every channel of top-level layer {@code layer}'s output (B, C, h, w) of {@code model}, whose
     * input is {@code channels x height x width} normalised with {@code mean}/{@code std} per channel.
     * The model is put in eval mode.
     */
    public static OrientationProbe.Result probe(Sequential model, int layer, int channels, int height, int width,
                                                float[] mean, float[] std) {
        double[] angles = OrientationProbe.DEFAULT_ANGLES;
        int[] orth = OrientationProbe.orthogonal(angles);
        int nA = angles.length, nF = FREQUENCIES.length, count = nA * nF * PHASES, plane = height * width;
        float[] images = gratings(angles, channels, height, width, mean, std);
        double[][][] r = null;  // [channel][frequency][angle], best phase, rectified
        model.eval();
        try (var tap = new FeatureMapTap(model, layer, "UnitOrientation"); var _ = Tensor.noGrad()) {
            for (int start = 0; start < count; start += BATCH) {
                int b = Math.min(BATCH, count - start);
                float[] x = Arrays.copyOfRange(images, start * channels * plane, (start + b) * channels * plane);
                model.call(Tensor.wrap(x, b, channels, height, width));
                int[] s = tap.shape();
                float[] out = tap.values();
                int c = s[1], h = s[2], w = s[3], centre = (h / 2) * w + w / 2;
                if (r == null) r = new double[c][nF][nA];
                for (int i = 0; i < b; i++) {
                    int img = start + i, a = img / (nF * PHASES), f = img / PHASES % nF;
                    for (int ch = 0; ch < c; ch++)
                        r[ch][f][a] = Math.max(r[ch][f][a], Math.max(0, out[(i * c + ch) * h * w + centre]));
                }
            }
        }
        List<OrientationProbe.Tuning> tunings = new ArrayList<>();
        for (int ch = 0; ch < r.length; ch++) {
            int bf = 0, ba = 0;
            for (int f = 0; f < nF; f++)
                for (int a = 0; a < nA; a++)
                    if (r[ch][f][a] > r[ch][bf][ba]) {
                        bf = f;
                        ba = a;
                    }
            double pref = r[ch][bf][ba], o = r[ch][bf][orth[ba]];
            double osi = pref <= 1e-12 ? 0 : (pref - o) / (pref + o);
            tunings.add(new OrientationProbe.Tuning(ch, osi, angles[ba], FREQUENCIES[bf], r[ch][bf].clone()));
        }
        return new OrientationProbe.Result(List.copyOf(tunings), angles.clone(), FREQUENCIES.clone());
    }

    /** Number of channels of a probe result that never answered any grating (zero response everywhere). */
    public static int silent(OrientationProbe.Result r) {
        int n = 0;
        for (var t : r.filters()) if (Arrays.stream(t.tuningCurve()).allMatch(v -> v <= 1e-12)) n++;
        return n;
    }

    /** The probe images, angle-major then frequency then phase, each a full-contrast grating in [0, 1], normalised. */
    static float[] gratings(double[] angles, int channels, int height, int width, float[] mean, float[] std) {
        int plane = height * width, idx = 0;
        float[] x = new float[angles.length * FREQUENCIES.length * PHASES * channels * plane];
        double cy = (height - 1) / 2.0, cx = (width - 1) / 2.0;
        for (double angle : angles) {
            double t = Math.toRadians(angle), ct = Math.cos(t), st = Math.sin(t);
            for (double f : FREQUENCIES)
                for (int p = 0; p < PHASES; p++) {
                    double phase = 2 * Math.PI * p / PHASES;
                    for (int c = 0; c < channels; c++) {
                        float m = mean.length == 0 ? 0 : mean[c % mean.length], s = std.length == 0 ? 1 : std[c % std.length];
                        for (int yy = 0; yy < height; yy++)
                            for (int xx = 0; xx < width; xx++) {
                                double v = 0.5 + 0.5 * Math.cos(2 * Math.PI * f * ((xx - cx) * ct + (yy - cy) * st) + phase);
                                x[idx++] = (float) ((v - m) / s);
                            }
                    }
                }
        }
        return x;
    }
}
