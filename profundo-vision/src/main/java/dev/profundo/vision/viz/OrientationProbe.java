package dev.profundo.vision.viz;

import dev.profundo.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The edge-detector check: probes convolution kernels with oriented sine gratings and measures how
 * much each kernel prefers one orientation.
 *
 * <p>A grating of spatial frequency {@code f} (cycles per pixel) varying along direction θ is
 * {@code cos(2π f (x cos θ + y sin θ) + φ)}, with (x, y) measured from the kernel centre in image
 * coordinates (rows grow downwards); θ = 0° means vertical stripes (intensity changes from left to
 * right), as a vertical edge detector sees best, θ = 90° horizontal stripes. A kernel's response at (θ, f) is its best response over all phases φ, computed exactly from
 * a quadrature pair (cosine and sine gratings): {@code R = sqrt(<w, cos>² + <w, sin>²)}. Multi-channel
 * kernels see the same grating on every input channel (a luminance grating). At the preferred
 * (θ, f) — the largest response on the probe grid — the orientation selectivity index is
 * {@code OSI = (R(θ_pref) − R(θ_pref + 90°)) / (R(θ_pref) + R(θ_pref + 90°))} at the same frequency:
 * 1 for a kernel blind to the orthogonal orientation (a perfect edge detector), 0 for one that
 * responds equally to both (a flat or centre-surround kernel).
 */
public final class OrientationProbe {
    /** Twelve orientations, 0° to 165° in 15° steps (the opposite directions give the same response). */
    public static final double[] DEFAULT_ANGLES = {0, 15, 30, 45, 60, 75, 90, 105, 120, 135, 150, 165};
    /** Spatial frequencies in cycles per pixel, up to the Nyquist limit of 0.5. */
    public static final double[] DEFAULT_FREQUENCIES = {0.1, 0.2, 0.3, 0.4, 0.5};
    /** The OSI above which a kernel counts as orientation-selective. */
    public static final double SELECTIVE = 0.5;

    private OrientationProbe() {}

    /**
     * One kernel's tuning.
     *
     * @param filter             index of the output channel
     * @param osi                orientation selectivity index in [0, 1]
     * @param preferredAngle     the grating direction (degrees) with the largest response
     * @param preferredFrequency the frequency (cycles/pixel) with the largest response
     * @param tuningCurve        responses at the preferred frequency, one per probe angle
     */
    public record Tuning(int filter, double osi, double preferredAngle, double preferredFrequency, double[] tuningCurve) {}

    /**
     * The tunings of all kernels of a layer.
     *
     * @param filters     one entry per output channel
     * @param angles      probe angles in degrees
     * @param frequencies probe frequencies in cycles per pixel
     */
    public record Result(List<Tuning> filters, double[] angles, double[] frequencies) {
        /** Number of kernels with OSI above {@code threshold}. */
        public int selective(double threshold) {
            int n = 0;
            for (Tuning t : filters) if (t.osi() > threshold) n++;
            return n;
        }

        /** The OSI values in filter order. */
        public double[] osi() {
            return filters.stream().mapToDouble(Tuning::osi).toArray();
        }

        /** The median OSI. */
        public double medianOsi() {
            double[] v = osi();
            Arrays.sort(v);
            if (v.length == 0) return Double.NaN;
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }

        /** The mean OSI. */
        public double meanOsi() {
            return Arrays.stream(osi()).average().orElse(Double.NaN);
        }
    }

    /** Probes every kernel of a convolution weight of shape (out, in, kh, kw) on the default grid. */
    public static Result probe(Tensor weight) {
        return probe(weight, DEFAULT_ANGLES, DEFAULT_FREQUENCIES);
    }

    /**
     * Probes every kernel of a convolution weight (out, in, kh, kw) at the given angles (degrees,
     * which must include each angle's orthogonal partner θ + 90° modulo 180°) and frequencies.
     */
    public static Result probe(Tensor weight, double[] angles, double[] frequencies) {
        if (weight.dim() != 4)
            throw new IllegalArgumentException("OrientationProbe.probe: expected a convolution weight (out, in, kh, kw), got shape "
                    + Arrays.toString(weight.shape()));
        int out = weight.size(0), in = weight.size(1), kh = weight.size(2), kw = weight.size(3);
        float[] w = weight.detach().contiguous().toFloatArray();
        List<Tuning> list = new ArrayList<>();
        for (int o = 0; o < out; o++) {
            double[] lum = new double[kh * kw];
            for (int c = 0; c < in; c++)
                for (int i = 0; i < kh * kw; i++) lum[i] += w[(o * in + c) * kh * kw + i];
            list.add(tuning(o, lum, kh, kw, angles, frequencies));
        }
        return new Result(List.copyOf(list), angles.clone(), frequencies.clone());
    }

    /** The tuning of one single-channel {@code kh x kw} kernel (row-major). */
    public static Tuning tuning(int filter, double[] kernel, int kh, int kw, double[] angles, double[] frequencies) {
        if (kernel.length != kh * kw)
            throw new IllegalArgumentException("OrientationProbe.tuning: kernel has " + kernel.length + " values, not " + kh + "x" + kw);
        int[] orth = orthogonal(angles);
        double[][] r = new double[frequencies.length][angles.length];
        int bf = 0, ba = 0;
        for (int fi = 0; fi < frequencies.length; fi++)
            for (int ai = 0; ai < angles.length; ai++) {
                r[fi][ai] = response(kernel, kh, kw, angles[ai], frequencies[fi]);
                if (r[fi][ai] > r[bf][ba] + 1e-12) {
                    bf = fi;
                    ba = ai;
                }
            }
        double pref = r[bf][ba], o = r[bf][orth[ba]];
        double osi = pref + o <= 1e-12 ? 0 : (pref - o) / (pref + o);
        return new Tuning(filter, osi, angles[ba], frequencies[bf], r[bf].clone());
    }

    /** The phase-invariant response of a kernel to a grating (its amplitude over all phases). */
    static double response(double[] kernel, int kh, int kw, double angleDeg, double frequency) {
        double t = Math.toRadians(angleDeg), ct = Math.cos(t), st = Math.sin(t);
        double cy = (kh - 1) / 2.0, cx = (kw - 1) / 2.0, a = 0, b = 0;
        for (int y = 0; y < kh; y++)
            for (int x = 0; x < kw; x++) {
                double phase = 2 * Math.PI * frequency * ((x - cx) * ct + (y - cy) * st);
                a += kernel[y * kw + x] * Math.cos(phase);
                b += kernel[y * kw + x] * Math.sin(phase);
            }
        return Math.hypot(a, b);
    }

    /**
     * What chance gives: the number of orientation-selective kernels (OSI above {@code threshold}) in
     * each of {@code draws} sets of random kernels shaped like {@code shape} (out, in, kh, kw), drawn
     * uniform in ±1 as PyTorch's default initialisation does (the OSI does not depend on the scale).
     * A trained layer is only more selective than random if its count sits above most of these.
     *
     * @param seed seeds a private generator, so the baseline is the same every time and leaves the
     *             global generator alone
     */
    public static int[] randomBaseline(int[] shape, int draws, double threshold, long seed) {
        if (shape.length != 4 || draws < 1)
            throw new IllegalArgumentException("OrientationProbe.randomBaseline: need a 4-d weight shape and draws >= 1, got "
                    + Arrays.toString(shape) + ", " + draws);
        var rng = new java.util.SplittableRandom(seed);
        int out = shape[0], in = shape[1], kh = shape[2], kw = shape[3];
        int[] counts = new int[draws];
        for (int d = 0; d < draws; d++)
            for (int o = 0; o < out; o++) {
                double[] lum = new double[kh * kw];
                for (int c = 0; c < in; c++)
                    for (int i = 0; i < kh * kw; i++) lum[i] += rng.nextDouble(-1, 1);
                if (tuning(o, lum, kh, kw, DEFAULT_ANGLES, DEFAULT_FREQUENCIES).osi() > threshold) counts[d]++;
            }
        return counts;
    }

    static int[] orthogonal(double[] angles) {
        int[] out = new int[angles.length];
        for (int i = 0; i < angles.length; i++) {
            double want = ((angles[i] + 90) % 180 + 180) % 180;
            out[i] = -1;
            for (int j = 0; j < angles.length; j++)
                if (Math.abs((((angles[j] % 180) + 180) % 180) - want) < 1e-6) out[i] = j;
            if (out[i] < 0)
                throw new IllegalArgumentException("OrientationProbe: the probe angles " + Arrays.toString(angles)
                        + " lack " + want + "°, the orthogonal partner of " + angles[i] + "°");
        }
        return out;
    }
}
