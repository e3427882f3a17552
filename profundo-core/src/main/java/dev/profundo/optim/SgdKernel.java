package dev.profundo.optim;

import jdk.incubator.vector.FloatVector;

import static dev.profundo.optim.Elementwise.F;

/**
 * The fused SGD update over one range of a parameter, in PyTorch's order of float32 operations:
 * {@code d = g + wd·p; buf = momentum·buf + (1-dampening)·d (buf = d on the first step);
 * d = nesterov ? d + momentum·buf : buf; p = p - lr·d}.
 */
final class SgdKernel {
    private SgdKernel() {}

    /** Updates {@code p} (and {@code buf}, null without momentum) for indices [start, end) of the parameter. */
    static void update(float[] p, int pOff, float[] g, int gOff, float[] buf, int start, int end,
                       float negLr, float weightDecay, float momentum, float dampKeep,
                       boolean nesterov, boolean firstMomentum) {
        int i = start;
        int bound = start + F.loopBound(end - start);
        var vNegLr = FloatVector.broadcast(F, negLr);
        var vWd = FloatVector.broadcast(F, weightDecay);
        var vMom = FloatVector.broadcast(F, momentum);
        var vKeep = FloatVector.broadcast(F, dampKeep);
        for (; i < bound; i += F.length()) {
            var pv = FloatVector.fromArray(F, p, pOff + i);
            var d = FloatVector.fromArray(F, g, gOff + i);
            if (weightDecay != 0) d = pv.fma(vWd, d);
            if (buf != null) {
                var b = firstMomentum ? d : d.fma(vKeep, FloatVector.fromArray(F, buf, i).mul(vMom));
                b.intoArray(buf, i);
                d = nesterov ? b.fma(vMom, d) : b;
            }
            d.fma(vNegLr, pv).intoArray(p, pOff + i);
        }
        for (; i < end; i++) {
            float pv = p[pOff + i];
            float d = g[gOff + i];
            if (weightDecay != 0) d = Math.fma(pv, weightDecay, d);
            if (buf != null) {
                float b = firstMomentum ? d : Math.fma(d, dampKeep, buf[i] * momentum);
                buf[i] = b;
                d = nesterov ? Math.fma(b, momentum, d) : b;
            }
            p[pOff + i] = Math.fma(d, negLr, pv);
        }
    }
}
