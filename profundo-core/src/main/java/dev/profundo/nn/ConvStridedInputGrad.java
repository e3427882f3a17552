package dev.profundo.nn;

import dev.profundo.kernels.Parallel;

/**
 * The input gradient of a stride-2 convolution as four stride-1 correlations, one per phase of the input
 * (even/odd rows by even/odd columns), each run by {@link ConvDirect}'s register tile.
 *
 * <p>Input pixel y = 2 oy + ki - pad receives gradient from output row oy through tap ki, so the input
 * rows of parity a only meet the taps with ki of parity a + pad: row m of phase a (y = 2m + a) sums
 * gy rows m + (a + pad - ki) / 2 over those taps, a correlation at stride 1 with at most ceil(kh / 2) taps
 * per axis. A 3x3 kernel splits into 1, 2, 2 and 4 taps: the 9 multiply-adds per input pixel of the
 * im2col + GEMM + col2im route, without the patch matrix.
 */
final class ConvStridedInputGrad {
    /** Whether supported shapes take this path (benchmarks turn it off to compare). */
    static volatile boolean enabled = true;

    private ConvStridedInputGrad() {}

    /** Stride 2 both ways, kernel 2x2 or more, dilation 1, one group (a 1x1 kernel stays on GEMM). */
    static boolean supports(ConvGeometry g) {
        return enabled && g.strideH() == 2 && g.strideW() == 2 && g.kh() >= 2 && g.kw() >= 2 && g.dilH() == 1 && g.dilW() == 1
                && g.groups() == 1;
    }

    /** One phase: its correlation plan and its taps' kernel positions. */
    private record Phase(int a, int b, ConvDirect.Plan plan, int[] ki, int[] kj) {}

    /** gx [n, cin, h, w] (overwritten) = the input gradient of g from gy [n, cout, outH, outW]. */
    static void compute(ConvGeometry g, float[] w, int wOff, float[] gy, int gyOff, float[] gx) {
        // One padded copy of each gy image serves the four phases, padded just enough for every tap's reads
        // (a wider border would waste vector lanes on the padded width).
        int padH = border(g.kh(), g.padH(), g.h(), g.outH()), padW = border(g.kw(), g.padW(), g.w(), g.outW());
        Phase[] phases = new Phase[4];
        int packedSize = 0;
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++) {
                Phase ph = phase(g, a, b, padH, padW);
                phases[2 * a + b] = ph;
                packedSize += ph == null ? 0 : ph.plan().coutPad() * ph.plan().depth();
            }
        float[] packed = ConvScratch.get().packed(packedSize);
        int[] packedAt = new int[4];
        for (int q = 0, at = 0; q < 4; q++) {
            packedAt[q] = at;
            if (phases[q] == null) continue;
            pack(g, w, wOff, phases[q], packed, at);
            at += phases[q].plan().coutPad() * phases[q].plan().depth();
        }
        ConvDirect.Plan padPlan = ConvDirect.Plan.of(g.cout(), g.outH(), g.outW(), padH, padW, 1, 1, 1);
        int n = g.n(), imageSize = g.cin() * g.h() * g.w(), gySize = g.cout() * g.outHW();
        int maxPhase = ((g.h() + 1) / 2) * ((g.w() + 1) / 2) * g.cin();
        Parallel.RangeBody body = (s, e) -> {
            ConvScratch scratch = ConvScratch.get();
            float[] yp = scratch.padded(padPlan.paddedSize() + g.kw());
            float[] out = scratch.staging(maxPhase);
            for (int i = s; i < e; i++) {
                ConvDirect.pad(padPlan, gy, gyOff + i * gySize, yp, 0);
                int base = i * imageSize;
                for (int q = 0; q < 4; q++) {
                    Phase ph = phases[q];
                    if (ph == null) continue;                           // an empty phase (a 1-pixel input side)
                    ConvDirect.compute(ph.plan(), yp, 0, packed, packedAt[q], null, 0, out, 0, 0,
                            ph.plan().coutPad() / ConvDirect.MR);
                    scatter(out, 0, ph.plan().outH(), ph.plan().outW(), ph.a(), ph.b(), g, gx, base);
                }
            }
        };
        if (n > 1 && Parallel.threads() > 1) Parallel.forRange(n, 1, body);
        else body.run(0, n);
    }

    /** The plan of phase (a, b), or null when the phase has no pixels (kernels of 2+ always reach every phase). */
    private static Phase phase(ConvGeometry g, int a, int b, int padH, int padW) {
        int[] ki = taps(g.kh(), a + g.padH()), kj = taps(g.kw(), b + g.padW());
        int rows = (g.h() - a + 1) / 2, cols = (g.w() - b + 1) / 2;
        if (ki.length == 0 || kj.length == 0 || rows <= 0 || cols <= 0) return null;
        var geometry = ConvDirect.Plan.of(g.cout(), g.outH(), g.outW(), padH, padW, 1, 1, 1);
        int wp = geometry.wp(), plane = geometry.planeP();
        int[] tap = new int[g.cout() * ki.length * kj.length];
        for (int co = 0, t = 0; co < g.cout(); co++)
            for (int u : ki)
                for (int v : kj)
                    tap[t++] = co * plane + ((a + g.padH() - u) / 2 + padH) * wp + (b + g.padW() - v) / 2 + padW;
        var plan = new ConvDirect.Plan(g.cout(), g.outH(), g.outW(), padH, padW, ki.length, kj.length, 1, g.cin(),
                rows, cols, tap);
        return new Phase(a, b, plan, ki, kj);
    }

    /**
     * The zero border gy needs along one axis: phase a reads gy at m + (a + pad - k) / 2 for its rows m and
     * taps k, which must stay within [-border, out + border).
     */
    private static int border(int k, int pad, int in, int out) {
        int need = 0;
        for (int a = 0; a < 2; a++) {
            int rows = (in - a + 1) / 2;
            for (int u : taps(k, a + pad)) {
                int d = (a + pad - u) / 2;
                need = Math.max(need, Math.max(-d, rows - 1 + d - (out - 1)));
            }
        }
        return need;
    }

    /** Kernel positions k in [0, size) with k of the same parity as offset (offset - k even). */
    private static int[] taps(int size, int offset) {
        int count = 0;
        for (int k = 0; k < size; k++) if (((offset - k) & 1) == 0) count++;
        int[] out = new int[count];
        for (int k = 0, t = 0; k < size; k++) if (((offset - k) & 1) == 0) out[t++] = k;
        return out;
    }

    /** Packs w[co, ci, ki, kj] for the phase's taps: row ci, depth (co, tap), as ConvDirect.packWeights lays out. */
    private static void pack(ConvGeometry g, float[] w, int wOff, Phase ph, float[] packed, int at) {
        int depth = ph.plan().depth(), rowsPad = ph.plan().coutPad(), khw = g.kh() * g.kw();
        for (int row = 0; row < rowsPad; row++) {
            int blk = row / ConvDirect.MR, r = row % ConvDirect.MR;
            int d = 0;
            for (int co = 0; co < g.cout(); co++)
                for (int u : ph.ki())
                    for (int v : ph.kj()) {
                        float value = row < g.cin() ? w[wOff + (co * g.cin() + row) * khw + u * g.kw() + v] : 0f;
                        packed[at + (blk * depth + d) * ConvDirect.MR + r] = value;
                        d++;
                    }
        }
    }

    /** Phase (a, b) planes [cin][rows][cols] into gx[ci][2m + a][2n + b] of one image. */
    private static void scatter(float[] src, int from, int rows, int cols, int a, int b, ConvGeometry g, float[] gx,
                                int base) {
        int h = g.h(), w = g.w();
        for (int c = 0; c < g.cin(); c++)
            for (int m = 0; m < rows; m++) {
                int dst = base + (c * h + 2 * m + a) * w + b, s = from + (c * rows + m) * cols;
                for (int n = 0; n < cols; n++) gx[dst + 2 * n] = src[s + n];
            }
    }
}
