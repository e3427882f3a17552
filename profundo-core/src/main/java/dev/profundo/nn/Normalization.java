package dev.profundo.nn;

import dev.profundo.tensor.BufferPool;
import dev.profundo.autograd.Node;
import dev.profundo.kernels.NormLoops;
import dev.profundo.kernels.NormStats;
import dev.profundo.kernels.Parallel;
import dev.profundo.kernels.VectorOps;
import dev.profundo.tensor.Shape;
import dev.profundo.tensor.Tensor;

/**
 * Fused layer and batch normalisation: one op each, computing mean and variance per group while
 * its values are in cache (two passes over the group, for accuracy) and recording a single node
 * whose backward is the closed form
 * {@code dx = rstd·(ĝ - mean(ĝ) - x̂·mean(ĝ·x̂))} with {@code ĝ = g·weight}, instead of a chain
 * of a dozen small tensor ops with their temporaries.
 */
final class Normalization {
    private Normalization() {}

    // ------------------------------------------------------------------ layer norm

    static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        F.requireFloat("layerNorm", "input", x);
        int k = normalizedShape.length;
        int[] xs = x.shape();
        boolean fits = k >= 1 && xs.length >= k;
        for (int i = 0; fits && i < k; i++) fits = xs[xs.length - k + i] == normalizedShape[i];
        if (!fits)
            throw new IllegalArgumentException("layerNorm: input shape " + Shape.format(xs) + " does not end with normalizedShape "
                    + Shape.format(normalizedShape));
        checkParam("layerNorm", "weight", weight, normalizedShape);
        checkParam("layerNorm", "bias", bias, normalizedShape);
        int d = Shape.numel(normalizedShape);
        int rows = d == 0 ? 0 : x.numel() / d;
        Tensor xc = x.contiguous();
        float[] src = xc.floatStorage();
        int xo = xc.storageOffset();
        float[] w = values(weight), b = values(bias);
        float[] mean = new float[rows], rstd = new float[rows], out = BufferPool.uninitialized(x.numel());
        Parallel.forRange(rows, Math.max(1, 8192 / Math.max(d, 1)), (s, e) -> {
            for (int r = s; r < e; r++) {
                int base = r * d;
                double sum = 0;
                for (int j = 0; j < d; j++) sum += src[xo + base + j];
                double mu = sum / d;
                double sq = 0;
                for (int j = 0; j < d; j++) {
                    double c = src[xo + base + j] - mu;
                    sq += c * c;
                }
                float m = (float) mu, rs = (float) (1.0 / Math.sqrt(sq / d + eps));
                mean[r] = m;
                rstd[r] = rs;
                for (int j = 0; j < d; j++) {
                    float h = (src[xo + base + j] - m) * rs;
                    out[base + j] = w == null ? (b == null ? h : h + b[j]) : (b == null ? h * w[j] : h * w[j] + b[j]);
                }
            }
        });
        Tensor y = Tensor.wrap(out, xs);
        return Node.record("layerNorm", y, g -> layerNormBackward(g, x, src, xo, w, mean, rstd, rows, d, weight, bias),
                x, weight, bias);
    }

    private static Tensor[] layerNormBackward(Tensor g, Tensor x, float[] src, int xo, float[] w, float[] mean, float[] rstd,
                                              int rows, int d, Tensor weight, Tensor bias) {
        Tensor gc = g.contiguous();
        float[] gs = gc.floatStorage();
        int go = gc.storageOffset();
        Tensor dx = null, dw = null, db = null;
        if (x.requiresGrad()) {
            float[] dxs = BufferPool.uninitialized(rows * d);
            Parallel.forRange(rows, Math.max(1, 8192 / Math.max(d, 1)), (s, e) -> {
                for (int r = s; r < e; r++) {
                    int base = r * d;
                    float m = mean[r], rs = rstd[r];
                    double a = 0, c = 0;
                    for (int j = 0; j < d; j++) {
                        double gh = w == null ? gs[go + base + j] : gs[go + base + j] * w[j];
                        a += gh;
                        c += gh * (src[xo + base + j] - m) * rs;
                    }
                    float ma = (float) (a / d), mc = (float) (c / d);
                    for (int j = 0; j < d; j++) {
                        float gh = w == null ? gs[go + base + j] : gs[go + base + j] * w[j];
                        float h = (src[xo + base + j] - m) * rs;
                        dxs[base + j] = rs * (gh - ma - h * mc);
                    }
                }
            });
            dx = Tensor.wrap(dxs, x.shape());
        }
        boolean needW = weight != null && weight.requiresGrad(), needB = bias != null && bias.requiresGrad();
        if (needW || needB) {
            float[] dws = new float[d], dbs = new float[d];
            // Column blocks in parallel, rows in order inside each: a fixed summation order, so results are reproducible.
            Parallel.forRange(d, 64, (s, e) -> {
                double[] aw = new double[e - s], ab = new double[e - s];
                for (int r = 0; r < rows; r++) {
                    int base = r * d;
                    float m = mean[r], rs = rstd[r];
                    for (int j = s; j < e; j++) {
                        float gv = gs[go + base + j];
                        aw[j - s] += gv * ((src[xo + base + j] - m) * rs);
                        ab[j - s] += gv;
                    }
                }
                for (int j = s; j < e; j++) {
                    dws[j] = (float) aw[j - s];
                    dbs[j] = (float) ab[j - s];
                }
            });
            if (needW) dw = Tensor.wrap(dws, weight.shape());
            if (needB) db = Tensor.wrap(dbs, bias.shape());
        }
        return new Tensor[] {dx, dw, db};
    }

    // ------------------------------------------------------------------ batch norm

    /** Batch norm, followed by ReLU in the same pass when {@code relu} (one output array instead of two, each way). */
    static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                            boolean training, double momentum, double eps, boolean relu) {
        F.requireFloat("batchNorm", "input", x);
        if (x.dim() < 2)
            throw new IllegalArgumentException("batchNorm: input must be [N, C, *] with at least 2 dims, got shape " + Shape.format(x.shape()));
        if ((runningMean == null) != (runningVar == null))
            throw new IllegalArgumentException("batchNorm: pass both runningMean and runningVar, or neither");
        int n = x.size(0), ch = x.size(1), plane = 1;
        for (int i = 2; i < x.dim(); i++) plane *= x.size(i);
        int[] cShape = {ch};
        checkParam("batchNorm", "runningMean", runningMean, cShape);
        checkParam("batchNorm", "runningVar", runningVar, cShape);
        checkParam("batchNorm", "weight", weight, cShape);
        checkParam("batchNorm", "bias", bias, cShape);
        int count = n * plane;
        boolean batchStats = training || runningMean == null;
        if (training && count <= 1)
            throw new IllegalArgumentException("batchNorm: expected more than 1 value per channel when training, got input shape "
                    + Shape.format(x.shape()) + "; use a batch of at least 2 or call eval()");
        Tensor xc = x.contiguous();
        float[] src = xc.floatStorage();
        int xo = xc.storageOffset(), pl = plane;
        float[] mean = new float[ch], rstd = new float[ch];
        if (batchStats) {
            double[] var = new double[ch];
            Parallel.forRange(ch, 1, (s, e) -> {
                for (int c = s; c < e; c++) {
                    double sum = 0;
                    for (int i = 0; i < n; i++) sum += VectorOps.sum(src, xo + (i * ch + c) * pl, pl);
                    double mu = count == 0 ? Double.NaN : sum / count;
                    double sq = 0;
                    for (int i = 0; i < n; i++) sq += NormStats.sumSquaredDeviation(src, xo + (i * ch + c) * pl, pl, (float) mu);
                    var[c] = sq / count;
                    mean[c] = (float) mu;
                    rstd[c] = (float) (1.0 / Math.sqrt(var[c] + eps));
                }
            });
            if (training && runningMean != null) updateRunning(runningMean, runningVar, mean, var, count, momentum);
        } else {
            float[] rm = runningMean.toFloatArray(), rv = runningVar.toFloatArray();
            for (int c = 0; c < ch; c++) {
                mean[c] = rm[c];
                rstd[c] = (float) (1.0 / Math.sqrt(rv[c] + eps));
            }
        }
        float[] w = values(weight), b = values(bias);
        float[] out = BufferPool.uninitialized(x.numel());
        Parallel.forRange(n * ch, Math.max(1, 8192 / Math.max(pl, 1)), (s, e) -> {
            for (int p = s; p < e; p++) {
                int c = p % ch, base = p * pl;
                // Fold normalisation and affine into one multiply-add per element.
                float scale = w == null ? rstd[c] : rstd[c] * w[c];
                float shift = (b == null ? 0f : b[c]) - mean[c] * scale;
                NormLoops.scaleShift(src, xo + base, scale, shift, relu, out, base, pl);
            }
        });
        Tensor y = Tensor.wrap(out, x.shape());
        float[] mask = relu ? out : null;
        return Node.record(relu ? "batchNormRelu" : "batchNorm", y,
                g -> batchNormBackward(g, x, src, xo, mask, w, mean, rstd, n, ch, pl, batchStats, weight, bias), x, weight, bias);
    }

    private static void updateRunning(Tensor runningMean, Tensor runningVar, float[] mean, double[] var, int count, double momentum) {
        float[] rm = runningMean.floatStorage(), rv = runningVar.floatStorage();
        int mo = runningMean.storageOffset(), ms = runningMean.strides()[0];
        int vo = runningVar.storageOffset(), vs = runningVar.strides()[0];
        double unbias = (double) count / (count - 1);
        for (int c = 0; c < mean.length; c++) {
            rm[mo + c * ms] = (float) ((1 - momentum) * rm[mo + c * ms] + momentum * mean[c]);
            rv[vo + c * vs] = (float) ((1 - momentum) * rv[vo + c * vs] + momentum * var[c] * unbias);
        }
    }

    /** {@code mask}, when not null, is the fused ReLU's output: the gradient counts only where it is positive. */
    private static Tensor[] batchNormBackward(Tensor g, Tensor x, float[] src, int xo, float[] mask, float[] w, float[] mean,
                                              float[] rstd, int n, int ch, int pl, boolean batchStats, Tensor weight, Tensor bias) {
        Tensor gc = g.contiguous();
        float[] gs = gc.floatStorage();
        int go = gc.storageOffset();
        double[] sumG = new double[ch], sumGH = new double[ch];
        Parallel.forRange(ch, 1, (s, e) -> {
            double[] acc = new double[2];
            for (int c = s; c < e; c++) {
                acc[0] = 0;
                acc[1] = 0;
                for (int i = 0; i < n; i++) {
                    int base = (i * ch + c) * pl;
                    NormStats.sumAndCenteredDot(gs, go + base, src, xo + base, mask, base, pl, mean[c], acc);
                }
                sumG[c] = acc[0];
                sumGH[c] = acc[1] * rstd[c];          // Σ g·x̂ = (1/σ) Σ g·(x − μ)
            }
        });
        Tensor dx = null;
        if (x.requiresGrad()) {
            float[] dxs = BufferPool.uninitialized(x.numel());
            int count = n * pl;
            Parallel.forRange(n * ch, Math.max(1, 8192 / Math.max(pl, 1)), (s, e) -> {
                for (int p = s; p < e; p++) {
                    int c = p % ch, base = p * pl;
                    float k = w == null ? rstd[c] : rstd[c] * w[c];
                    if (!batchStats) {
                        NormLoops.scaledGrad(gs, go + base, mask, base, k, dxs, base, pl);
                        continue;
                    }
                    float mg = (float) (sumG[c] / count), mh = (float) (sumGH[c] / count);
                    NormLoops.inputGrad(gs, go + base, src, xo + base, mask, base, k, mean[c], rstd[c], mg, mh, dxs, base, pl);
                }
            });
            dx = Tensor.wrap(dxs, x.shape());
        }
        Tensor dw = weight != null && weight.requiresGrad() ? Tensor.wrap(toFloat(sumGH), weight.shape()) : null;
        Tensor db = bias != null && bias.requiresGrad() ? Tensor.wrap(toFloat(sumG), bias.shape()) : null;
        return new Tensor[] {dx, dw, db};
    }

    // ------------------------------------------------------------------ helpers

    private static void checkParam(String op, String what, Tensor t, int[] expected) {
        if (t == null) return;
        F.requireFloat(op, what, t);
        if (!Shape.same(t.shape(), expected))
            throw new IllegalArgumentException(op + ": " + what + " has shape " + Shape.format(t.shape()) + " but expected "
                    + Shape.format(expected));
    }

    private static float[] values(Tensor t) {
        return t == null ? null : t.toFloatArray();
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }
}
