package dev.profundo.nn;

import dev.profundo.tensor.BufferPool;
import dev.profundo.autograd.Node;
import dev.profundo.kernels.Parallel;
import dev.profundo.nn.F.CrossEntropyOptions;
import dev.profundo.nn.F.Reduction;
import dev.profundo.tensor.DType;
import dev.profundo.tensor.Shape;
import dev.profundo.tensor.Tensor;

/**
 * The losses behind {@link F}, each one fused op: cross-entropy is log-softmax and NLL in one
 * stable pass per row (log-sum-exp) whose backward is {@code softmax·Σq − q} for the (smoothed,
 * weighted) target distribution q; the elementwise losses compute value and derivative in one loop.
 */
final class Losses {
    /** The elementwise losses of {@link #pointwise}. */
    enum Kind { MSE, L1, SMOOTH_L1, BCE_WITH_LOGITS }

    private Losses() {}

    /** How a class-scored input [N, C, d…] (or [C]) is walked: row r = (n, s) holds C scores {@code inner} apart. */
    private record ClassLayout(int n, int classes, int inner, int[] rowShape) {
        int rows() { return n * inner; }

        int base(int r) { return (r / inner) * classes * inner + r % inner; }

        static ClassLayout of(Tensor input) {
            int[] s = input.shape();
            if (s.length == 1) return new ClassLayout(1, s[0], 1, new int[0]);
            int inner = 1;
            for (int i = 2; i < s.length; i++) inner *= s[i];
            int[] rowShape = new int[s.length - 1];
            rowShape[0] = s[0];
            System.arraycopy(s, 2, rowShape, 1, s.length - 2);
            return new ClassLayout(s[0], s[1], inner, rowShape);
        }
    }

    // ------------------------------------------------------------------ cross-entropy

    static Tensor crossEntropy(Tensor logits, Tensor target, CrossEntropyOptions o) {
        F.requireFloat("crossEntropy", "logits", logits);
        if (logits.dim() == 0)
            throw new IllegalArgumentException("crossEntropy: logits must be [N, C], [N, C, d1, …] or [C], got a scalar");
        ClassLayout lay = ClassLayout.of(logits);
        if (o.weight() != null) checkClassWeight("crossEntropy", o.weight(), lay.classes);
        if (target.dtype() == DType.FLOAT32 && Shape.same(target.shape(), logits.shape()))
            return crossEntropyProbs(logits, target, o, lay);
        if (target.dtype() != DType.INT64 || !Shape.same(target.shape(), lay.rowShape))
            throw new IllegalArgumentException("crossEntropy: target must be int64 class indices of shape "
                    + Shape.format(lay.rowShape) + " for logits " + Shape.format(logits.shape()) + ", got " + target.dtype() + " "
                    + Shape.format(target.shape()) + "; for probabilities pass a float tensor of the logits' shape");
        return crossEntropyIndices(logits, target, o, lay);
    }

    private static Tensor crossEntropyIndices(Tensor logits, Tensor target, CrossEntropyOptions o, ClassLayout lay) {
        int rows = lay.rows(), nc = lay.classes, inner = lay.inner;
        long[] t = target.toLongArray();
        float[] w = o.weight() == null ? null : o.weight().toFloatArray();
        int[] cls = classIndices("crossEntropy", t, nc, o.ignoreIndex());
        Tensor lc = logits.contiguous();
        float[] z = lc.floatStorage();
        int zo = lc.storageOffset();
        double eps = o.labelSmoothing(), smooth = eps / nc;
        double wAll = 0;
        if (w == null) wAll = nc;
        else for (float v : w) wAll += v;
        double[] lse = new double[rows], loss = new double[rows];
        Parallel.forRange(rows, Math.max(1, 4096 / Math.max(nc, 1)), (s, e) -> {
            for (int r = s; r < e; r++) {
                int y = cls[r];
                if (y < 0) continue;
                int base = zo + lay.base(r);
                double l = logSumExp(z, base, nc, inner);
                lse[r] = l;
                double wy = w == null ? 1 : w[y];
                double value = -(1 - eps) * wy * (z[base + y * inner] - l);
                if (eps > 0) {
                    double acc = 0;
                    for (int c = 0; c < nc; c++) acc += (w == null ? 1 : w[c]) * (z[base + c * inner] - l);
                    value -= smooth * acc;
                }
                loss[r] = value;
            }
        });
        double denom = 0;
        for (int r = 0; r < rows; r++) if (cls[r] >= 0) denom += w == null ? 1 : w[cls[r]];
        Tensor out = reduce(loss, o.reduction(), denom, lay.rowShape);
        double wTotal = wAll, dn = denom;
        return Node.record("crossEntropy", out, g -> {
            double[] scale = rowScales(g, o.reduction(), dn, rows);
            float[] dz = BufferPool.zeros(lc.numel());
            Parallel.forRange(rows, Math.max(1, 4096 / Math.max(nc, 1)), (s, e) -> {
                for (int r = s; r < e; r++) {
                    int y = cls[r];
                    if (y < 0) continue;
                    int base = lay.base(r);
                    double k = scale[r], l = lse[r];
                    // q = (1-eps)·w_y·onehot(y) + (eps/C)·w: the target distribution the row is pulled towards.
                    double wy = w == null ? 1 : w[y];
                    double qSum = (1 - eps) * wy + smooth * wTotal;
                    for (int c = 0; c < nc; c++) {
                        int p = base + c * inner;
                        double q = smooth * (w == null ? 1 : w[c]) + (c == y ? (1 - eps) * wy : 0);
                        dz[p] = (float) (k * (Math.exp(z[zo + p] - l) * qSum - q));
                    }
                }
            });
            return new Tensor[] {Tensor.wrap(dz, logits.shape())};
        }, logits);
    }

    private static Tensor crossEntropyProbs(Tensor logits, Tensor target, CrossEntropyOptions o, ClassLayout lay) {
        int rows = lay.rows(), nc = lay.classes, inner = lay.inner;
        float[] w = o.weight() == null ? null : o.weight().toFloatArray();
        Tensor lc = logits.contiguous(), tc = target.contiguous();
        float[] z = lc.floatStorage(), tp = tc.floatStorage();
        int zo = lc.storageOffset(), to = tc.storageOffset();
        double eps = o.labelSmoothing(), smooth = eps / nc;
        double[] lse = new double[rows], loss = new double[rows];
        Parallel.forRange(rows, Math.max(1, 4096 / Math.max(nc, 1)), (s, e) -> {
            for (int r = s; r < e; r++) {
                int base = lay.base(r);
                double l = logSumExp(z, zo + base, nc, inner);
                lse[r] = l;
                double acc = 0;
                for (int c = 0; c < nc; c++) {
                    int p = base + c * inner;
                    double q = ((1 - eps) * tp[to + p] + smooth) * (w == null ? 1 : w[c]);
                    acc += q * (z[zo + p] - l);
                }
                loss[r] = -acc;
            }
        });
        // PyTorch divides the mean by the number of rows here, not by the weights.
        Tensor out = reduce(loss, o.reduction(), rows, lay.rowShape);
        return Node.record("crossEntropy", out, g -> {
            double[] scale = rowScales(g, o.reduction(), rows, rows);
            float[] dz = logits.requiresGrad() ? BufferPool.zeros(lc.numel()) : null;
            float[] dt = target.requiresGrad() ? BufferPool.zeros(lc.numel()) : null;
            Parallel.forRange(rows, Math.max(1, 4096 / Math.max(nc, 1)), (s, e) -> {
                for (int r = s; r < e; r++) {
                    int base = lay.base(r);
                    double k = scale[r], l = lse[r], qSum = 0;
                    for (int c = 0; c < nc; c++)
                        qSum += ((1 - eps) * tp[to + base + c * inner] + smooth) * (w == null ? 1 : w[c]);
                    for (int c = 0; c < nc; c++) {
                        int p = base + c * inner;
                        double wc = w == null ? 1 : w[c];
                        double q = ((1 - eps) * tp[to + p] + smooth) * wc;
                        if (dz != null) dz[p] = (float) (k * (Math.exp(z[zo + p] - l) * qSum - q));
                        if (dt != null) dt[p] = (float) (-k * (1 - eps) * wc * (z[zo + p] - l));
                    }
                }
            });
            return new Tensor[] {dz == null ? null : Tensor.wrap(dz, logits.shape()), dt == null ? null : Tensor.wrap(dt, target.shape())};
        }, logits, target);
    }

    private static double logSumExp(float[] z, int base, int nc, int inner) {
        float m = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < nc; c++) m = Math.max(m, z[base + c * inner]);
        if (Float.isInfinite(m)) return m;
        double sum = 0;
        for (int c = 0; c < nc; c++) sum += Math.exp(z[base + c * inner] - m);
        return m + Math.log(sum);
    }

    // ------------------------------------------------------------------ NLL

    static Tensor nllLoss(Tensor logProbs, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        F.requireFloat("nllLoss", "input", logProbs);
        if (logProbs.dim() == 0)
            throw new IllegalArgumentException("nllLoss: input must be [N, C], [N, C, d1, …] or [C], got a scalar");
        ClassLayout lay = ClassLayout.of(logProbs);
        if (target.dtype() != DType.INT64 || !Shape.same(target.shape(), lay.rowShape))
            throw new IllegalArgumentException("nllLoss: target must be int64 class indices of shape " + Shape.format(lay.rowShape)
                    + " for input " + Shape.format(logProbs.shape()) + ", got " + target.dtype() + " " + Shape.format(target.shape()));
        if (weight != null) checkClassWeight("nllLoss", weight, lay.classes);
        int rows = lay.rows(), inner = lay.inner;
        int[] cls = classIndices("nllLoss", target.toLongArray(), lay.classes, ignoreIndex);
        float[] w = weight == null ? null : weight.toFloatArray();
        Tensor xc = logProbs.contiguous();
        float[] x = xc.floatStorage();
        int xo = xc.storageOffset();
        double[] loss = new double[rows];
        double denom = 0;
        for (int r = 0; r < rows; r++) {
            int y = cls[r];
            if (y < 0) continue;
            double wy = w == null ? 1 : w[y];
            loss[r] = -wy * x[xo + lay.base(r) + y * inner];
            denom += wy;
        }
        Tensor out = reduce(loss, reduction, denom, lay.rowShape);
        double dn = denom;
        return Node.record("nllLoss", out, g -> {
            double[] scale = rowScales(g, reduction, dn, rows);
            float[] dx = BufferPool.zeros(xc.numel());
            for (int r = 0; r < rows; r++) {
                int y = cls[r];
                if (y >= 0) dx[lay.base(r) + y * inner] = (float) (-scale[r] * (w == null ? 1 : w[y]));
            }
            return new Tensor[] {Tensor.wrap(dx, logProbs.shape())};
        }, logProbs);
    }

    // ------------------------------------------------------------------ elementwise losses

    static Tensor pointwise(Kind kind, Tensor input, Tensor target, double beta, Tensor posWeight, Reduction reduction) {
        String op = switch (kind) {
            case MSE -> "mseLoss";
            case L1 -> "l1Loss";
            case SMOOTH_L1 -> "smoothL1Loss";
            case BCE_WITH_LOGITS -> "binaryCrossEntropyWithLogits";
        };
        F.requireFloat(op, "input", input);
        F.requireFloat(op, "target", target);
        if (reduction == null) throw new IllegalArgumentException(op + ": reduction must not be null");
        int[] shape = input.shape();
        if (!Shape.same(shape, target.shape()))
            throw new IllegalArgumentException(op + ": input shape " + Shape.format(shape) + " and target shape "
                    + Shape.format(target.shape()) + " differ; reshape one so that they match (losses do not broadcast)");
        float[] pw = null;
        if (posWeight != null) {
            F.requireFloat(op, "posWeight", posWeight);
            int[] b = Shape.broadcast(op, posWeight.shape(), shape);
            if (!Shape.same(b, shape))
                throw new IllegalArgumentException(op + ": posWeight shape " + Shape.format(posWeight.shape())
                        + " does not broadcast to the input shape " + Shape.format(shape));
            pw = posWeight.expand(shape).toFloatArray();
        }
        float[] a = input.toFloatArray(), b = target.toFloatArray();
        int n = a.length;
        double[] loss = new double[n];
        float[] pws = pw;
        Parallel.forRange(n, 4096, (s, e) -> {
            for (int i = s; i < e; i++) loss[i] = value(kind, a[i], b[i], beta, pws == null ? 1 : pws[i]);
        });
        Tensor out = reduce(loss, reduction, n, shape);
        return Node.record(op, out, g -> {
            double[] scale = rowScales(g, reduction, n, n);
            float[] da = input.requiresGrad() ? BufferPool.zeros(n) : null, db = target.requiresGrad() ? BufferPool.zeros(n) : null;
            Parallel.forRange(n, 4096, (s, e) -> {
                for (int i = s; i < e; i++) {
                    double p = pws == null ? 1 : pws[i];
                    if (da != null) da[i] = (float) (scale[i] * dInput(kind, a[i], b[i], beta, p));
                    if (db != null) db[i] = (float) (scale[i] * dTarget(kind, a[i], b[i], beta, p));
                }
            });
            return new Tensor[] {da == null ? null : Tensor.wrap(da, shape), db == null ? null : Tensor.wrap(db, shape)};
        }, input, target);
    }

    private static double value(Kind kind, double x, double y, double beta, double pw) {
        double d = x - y;
        return switch (kind) {
            case MSE -> d * d;
            case L1 -> Math.abs(d);
            case SMOOTH_L1 -> Math.abs(d) < beta ? 0.5 * d * d / beta : Math.abs(d) - 0.5 * beta;
            case BCE_WITH_LOGITS -> (1 - y) * x + (1 + (pw - 1) * y) * softplusNeg(x);
        };
    }

    private static double dInput(Kind kind, double x, double y, double beta, double pw) {
        double d = x - y;
        return switch (kind) {
            case MSE -> 2 * d;
            case L1 -> Math.signum(d);
            case SMOOTH_L1 -> Math.abs(d) < beta ? d / beta : Math.signum(d);
            case BCE_WITH_LOGITS -> (1 - y) - (1 + (pw - 1) * y) * sigmoid(-x);
        };
    }

    private static double dTarget(Kind kind, double x, double y, double beta, double pw) {
        return switch (kind) {
            case MSE, L1, SMOOTH_L1 -> -dInput(kind, x, y, beta, pw);
            case BCE_WITH_LOGITS -> -x + (pw - 1) * softplusNeg(x);
        };
    }

    /** {@code log(1 + e^-x)}, without overflow for large |x|. */
    private static double softplusNeg(double x) {
        return Math.log1p(Math.exp(-Math.abs(x))) + Math.max(-x, 0);
    }

    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    // ------------------------------------------------------------------ shared

    /** Class index per row, or -1 for an ignored row; throws on an index outside [0, classes). */
    private static int[] classIndices(String op, long[] t, int classes, long ignoreIndex) {
        int[] cls = new int[t.length];
        for (int r = 0; r < t.length; r++) {
            long y = t[r];
            if (y == ignoreIndex) {
                cls[r] = -1;
            } else if (y < 0 || y >= classes) {
                throw new IllegalArgumentException(op + ": target class " + y + " at position " + r + " is out of range for "
                        + classes + " classes (valid 0 to " + (classes - 1) + ", or ignoreIndex " + ignoreIndex + ")");
            } else {
                cls[r] = (int) y;
            }
        }
        return cls;
    }

    private static void checkClassWeight(String op, Tensor weight, int classes) {
        F.requireFloat(op, "weight", weight);
        if (weight.dim() != 1 || weight.size(0) != classes)
            throw new IllegalArgumentException(op + ": weight must have shape [" + classes + "] (one per class), got "
                    + Shape.format(weight.shape()));
    }

    /** Applies the reduction to per-row losses; MEAN divides by {@code denom}. */
    private static Tensor reduce(double[] loss, Reduction reduction, double denom, int[] rowShape) {
        if (reduction == Reduction.NONE) {
            float[] v = BufferPool.zeros(loss.length);
            for (int i = 0; i < v.length; i++) v[i] = (float) loss[i];
            return Tensor.wrap(v, rowShape);
        }
        double sum = 0;
        for (double l : loss) sum += l;
        return Tensor.wrap(new float[] {(float) (reduction == Reduction.SUM ? sum : sum / denom)});
    }

    /** The factor each row's derivative is multiplied by: the upstream gradient, divided by the mean's denominator. */
    private static double[] rowScales(Tensor g, Reduction reduction, double denom, int rows) {
        double[] scale = new double[rows];
        if (reduction == Reduction.NONE) {
            float[] gv = g.toFloatArray();
            for (int i = 0; i < rows; i++) scale[i] = gv[i];
        } else {
            double k = g.item() / (reduction == Reduction.MEAN ? denom : 1);
            java.util.Arrays.fill(scale, k);
        }
        return scale;
    }
}
