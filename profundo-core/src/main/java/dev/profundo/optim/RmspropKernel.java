package dev.profundo.optim;

import jdk.incubator.vector.FloatVector;

import static dev.profundo.optim.Elementwise.F;

/**
 * The fused RMSprop update over one range of a parameter, in PyTorch's order of float32 operations:
 * {@code g = g + wd·p; sq = α·sq + (1-α)·g·g; ga = α·ga + (1-α)·g (centered);
 * avg = sqrt(sq - ga·ga or sq) + eps; buf = momentum·buf + g/avg, p = p - lr·buf (momentum > 0)
 * or p = p - lr·g/avg}.
 */
final class RmspropKernel {
    private RmspropKernel() {}

    /** Updates {@code p}, {@code sq} (and {@code ga} when centered, {@code buf} with momentum; else null) over [start, end). */
    static void update(float[] p, int pOff, float[] g, int gOff, float[] sq, float[] ga, float[] buf,
                       int start, int end, float negLr, float alpha, float oneMinusAlpha, float eps,
                       float weightDecay, float momentum) {
        int i = start;
        int bound = start + F.loopBound(end - start);
        var vNegLr = FloatVector.broadcast(F, negLr);
        var vAlpha = FloatVector.broadcast(F, alpha);
        var vC = FloatVector.broadcast(F, oneMinusAlpha);
        var vEps = FloatVector.broadcast(F, eps);
        var vWd = FloatVector.broadcast(F, weightDecay);
        var vMom = FloatVector.broadcast(F, momentum);
        for (; i < bound; i += F.length()) {
            var pv = FloatVector.fromArray(F, p, pOff + i);
            var gv = FloatVector.fromArray(F, g, gOff + i);
            if (weightDecay != 0) gv = pv.fma(vWd, gv);
            var s = FloatVector.fromArray(F, sq, i).mul(vAlpha).add(gv.mul(vC).mul(gv));
            s.intoArray(sq, i);
            FloatVector avg;
            if (ga != null) {
                var a = gv.fma(vC, FloatVector.fromArray(F, ga, i).mul(vAlpha));
                a.intoArray(ga, i);
                avg = s.sub(a.mul(a)).sqrt().add(vEps);
            } else {
                avg = s.sqrt().add(vEps);
            }
            if (buf != null) {
                var b = FloatVector.fromArray(F, buf, i).mul(vMom).add(gv.div(avg));
                b.intoArray(buf, i);
                b.fma(vNegLr, pv).intoArray(p, pOff + i);
            } else {
                pv.add(vNegLr.mul(gv).div(avg)).intoArray(p, pOff + i);
            }
        }
        for (; i < end; i++) {
            float pv = p[pOff + i];
            float gv = g[gOff + i];
            if (weightDecay != 0) gv = Math.fma(pv, weightDecay, gv);
            float s = sq[i] * alpha + (oneMinusAlpha * gv) * gv;
            sq[i] = s;
            float avg;
            if (ga != null) {
                float a = Math.fma(gv, oneMinusAlpha, ga[i] * alpha);
                ga[i] = a;
                avg = (float) Math.sqrt(s - a * a) + eps;
            } else {
                avg = (float) Math.sqrt(s) + eps;
            }
            if (buf != null) {
                float b = buf[i] * momentum + gv / avg;
                buf[i] = b;
                p[pOff + i] = Math.fma(b, negLr, pv);
            } else {
                p[pOff + i] = pv + (negLr * gv) / avg;
            }
        }
    }
}
