package dev.profundo.optim;

import jdk.incubator.vector.FloatVector;

import static dev.profundo.optim.Elementwise.F;

/**
 * The fused Adam/AdamW update over one range of a parameter, in PyTorch's order of float32
 * operations: {@code p = p·decay; g = g + l2·p; m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g·g;
 * vmax = max(vmax, v); denom = sqrt(v or vmax)/sqrt(bc2) + eps; p = p - stepSize·m/denom}.
 */
final class AdamKernel {
    private AdamKernel() {}

    /** Scalars of one step, computed in double and rounded once to float as PyTorch does. */
    record Coefficients(float decay, float l2, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
                        float bc2Sqrt, float eps, float negStepSize) {

        /** Coefficients for step {@code step} (1-based); {@code decay} is 1 for Adam, 1 - lr·wd for AdamW. */
        static Coefficients of(double lr, double beta1, double beta2, double eps, double l2, double decay, long step) {
            double bc1 = 1 - Math.pow(beta1, step);
            double bc2 = 1 - Math.pow(beta2, step);
            return new Coefficients((float) decay, (float) l2, (float) beta1, (float) (1 - beta1), (float) beta2,
                    (float) (1 - beta2), (float) Math.sqrt(bc2), (float) eps, (float) (-(lr / bc1)));
        }
    }

    /** Updates {@code p}, {@code m}, {@code v} (and {@code vMax} for AMSGrad, else null) over [start, end). */
    static void update(float[] p, int pOff, float[] g, int gOff, float[] m, float[] v, float[] vMax,
                       int start, int end, boolean decoupled, Coefficients c) {
        int i = start;
        int bound = start + F.loopBound(end - start);
        var vDecay = FloatVector.broadcast(F, c.decay());
        var vL2 = FloatVector.broadcast(F, c.l2());
        var vB1 = FloatVector.broadcast(F, c.beta1());
        var vC1 = FloatVector.broadcast(F, c.oneMinusBeta1());
        var vB2 = FloatVector.broadcast(F, c.beta2());
        var vC2 = FloatVector.broadcast(F, c.oneMinusBeta2());
        var vBc2 = FloatVector.broadcast(F, c.bc2Sqrt());
        var vEps = FloatVector.broadcast(F, c.eps());
        var vStep = FloatVector.broadcast(F, c.negStepSize());
        boolean l2 = c.l2() != 0;
        for (; i < bound; i += F.length()) {
            var pv = FloatVector.fromArray(F, p, pOff + i);
            if (decoupled) pv = pv.mul(vDecay);
            var gv = FloatVector.fromArray(F, g, gOff + i);
            if (l2) gv = pv.fma(vL2, gv);
            var mv = gv.fma(vC1, FloatVector.fromArray(F, m, i).mul(vB1));
            var vv = FloatVector.fromArray(F, v, i).mul(vB2).add(gv.mul(vC2).mul(gv));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            if (vMax != null) {
                vv = FloatVector.fromArray(F, vMax, i).max(vv);
                vv.intoArray(vMax, i);
            }
            var denom = vv.sqrt().div(vBc2).add(vEps);
            pv.add(vStep.mul(mv).div(denom)).intoArray(p, pOff + i);
        }
        for (; i < end; i++) {
            float pv = p[pOff + i];
            if (decoupled) pv = pv * c.decay();
            float gv = g[gOff + i];
            if (l2) gv = Math.fma(pv, c.l2(), gv);
            float mv = Math.fma(gv, c.oneMinusBeta1(), m[i] * c.beta1());
            float vv = v[i] * c.beta2() + (c.oneMinusBeta2() * gv) * gv;
            m[i] = mv;
            v[i] = vv;
            if (vMax != null) {
                vv = Math.max(vMax[i], vv);
                vMax[i] = vv;
            }
            float denom = (float) Math.sqrt(vv) / c.bc2Sqrt() + c.eps();
            p[pOff + i] = pv + (c.negStepSize() * mv) / denom;
        }
    }
}
