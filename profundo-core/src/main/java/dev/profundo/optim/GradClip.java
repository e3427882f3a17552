package dev.profundo.optim;

import dev.profundo.tensor.DType;
import dev.profundo.tensor.Tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Gradient clipping, as PyTorch's {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}:
 * call it between {@code loss.backward()} and {@code optimizer.step()}. Parameters without a
 * gradient are skipped; a gradient shared by several parameters is clipped once.
 */
public final class GradClip {
    private GradClip() {}

    /**
     * Scales all gradients together so that their global L2 norm is at most {@code maxNorm}: by
     * {@code maxNorm/(norm + 1e-6)} when that factor is below 1. Returns the norm before clipping
     * (0 when no parameter has a gradient). A non-finite norm turns the gradients into NaN, as in
     * PyTorch; use {@link #clipGradNorm(List, double, boolean)} to fail instead.
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, false);
    }

    /** Like {@link #clipGradNorm(List, double)}; with {@code errorIfNonfinite}, a NaN or infinite norm throws. */
    public static double clipGradNorm(List<Tensor> params, double maxNorm, boolean errorIfNonfinite) {
        if (!(maxNorm >= 0))
            throw new IllegalArgumentException("clipGradNorm: maxNorm must be >= 0, got " + maxNorm);
        List<Held> grads = grads("clipGradNorm", params);
        double sumSquares = 0;
        for (Held h : grads) {
            Tensor c = h.grad().contiguous();
            float[] d = c.floatStorage();
            int off = c.storageOffset();
            int n = c.numel();
            double s = 0;
            for (int i = 0; i < n; i++) {
                double v = d[off + i];
                s += v * v;
            }
            sumSquares += s;
        }
        double norm = Math.sqrt(sumSquares);
        if (errorIfNonfinite && !Double.isFinite(norm))
            throw new IllegalStateException("clipGradNorm: the total gradient norm is " + norm
                    + "; some gradient holds NaN or infinity (check the loss and the learning rate)");
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1 || Double.isNaN(coef)) scale(grads, (float) coef);
        return norm;
    }

    /** Clamps every gradient value into [-clip, clip] in place. */
    public static void clipGradValue(List<Tensor> params, double clip) {
        if (!(clip >= 0))
            throw new IllegalArgumentException("clipGradValue: clip must be >= 0, got " + clip);
        float hi = (float) clip;
        float lo = -hi;
        for (Held h : grads("clipGradValue", params)) {
            Tensor g = h.writable();
            float[] d = g.floatStorage();
            int off = g.storageOffset();
            for (int i = 0, n = g.numel(); i < n; i++) d[off + i] = Math.min(Math.max(d[off + i], lo), hi);
        }
    }

    private static void scale(List<Held> grads, float coef) {
        for (Held h : grads) {
            Tensor g = h.writable();
            float[] d = g.floatStorage();
            int off = g.storageOffset();
            for (int i = 0, n = g.numel(); i < n; i++) d[off + i] *= coef;
        }
    }

    /** One distinct gradient and the parameters holding it. */
    private record Held(Tensor grad, List<Tensor> holders) {

        /**
         * The gradient itself when it is dense; otherwise a contiguous copy installed as its holders'
         * gradient, so a strided or broadcast view is never written through (which would change other
         * tensors or hit one value several times).
         */
        Tensor writable() {
            if (grad.isContiguous()) return grad;
            Tensor copy = Tensor.of(grad.toFloatArray(), grad.shape());
            for (Tensor p : holders) p.setGrad(copy);
            return copy;
        }
    }

    /** Each distinct gradient once, in parameter order, skipping null ones. */
    private static List<Held> grads(String op, List<Tensor> params) {
        if (params == null) throw new IllegalArgumentException(op + ": params is null");
        var byGrad = new IdentityHashMap<Tensor, Held>();
        var out = new ArrayList<Held>();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p == null) throw new IllegalArgumentException(op + ": parameter " + i + " is null");
            Tensor g = p.grad();
            if (g == null) continue;
            if (g.dtype() != DType.FLOAT32)
                throw new IllegalArgumentException(op + ": the gradient of parameter " + i + " is " + g.dtype()
                        + "; gradients must be float32");
            Held h = byGrad.get(g);
            if (h == null) {
                h = new Held(g, new ArrayList<>(1));
                byGrad.put(g, h);
                out.add(h);
            }
            h.holders().add(p);
        }
        return out;
    }
}
