package dev.profundo.nn;

import dev.profundo.kernels.Parallel;

import java.util.Arrays;

/** Adaptive average pooling over contiguous planes, with PyTorch's bin edges (floor start, ceil end). */
final class PoolAdaptive {
    /** Input pixels per parallel chunk floor: small planes are batched so a fork pays for itself. */
    private static final int GRAIN_WORK = 1 << 14;

    private PoolAdaptive() {}

    /** First input index of output bin i when {@code in} cells are split into {@code out} bins. */
    static int binStart(int i, int in, int out) {
        return (int) ((long) i * in / out);
    }

    /** One past the last input index of output bin i. */
    static int binEnd(int i, int in, int out) {
        return (int) (((long) (i + 1) * in + out - 1) / out);
    }

    /** y[p, oh, ow] = mean of the bin of x[p] (planes of h x w), for every plane p. */
    static void forward(float[] x, int planes, int h, int w, int outH, int outW, float[] y) {
        Parallel.forRange(planes, grain(h * w), (s, e) -> {
            for (int p = s; p < e; p++) {
                int xBase = p * h * w, yBase = p * outH * outW;
                for (int oh = 0; oh < outH; oh++) {
                    int hs = binStart(oh, h, outH), he = binEnd(oh, h, outH);
                    for (int ow = 0; ow < outW; ow++) {
                        int ws = binStart(ow, w, outW), we = binEnd(ow, w, outW);
                        float sum = 0f;
                        for (int ih = hs; ih < he; ih++)
                            for (int iw = ws; iw < we; iw++) sum += x[xBase + ih * w + iw];
                        y[yBase + oh * outW + ow] = sum / ((he - hs) * (we - ws));
                    }
                }
            }
        });
    }

    /** Spreads each output gradient evenly over its bin; overlapping bins add up. Overwrites gx. */
    static void backward(float[] gy, int planes, int h, int w, int outH, int outW, float[] gx) {
        Parallel.forRange(planes, grain(h * w), (s, e) -> {
            for (int p = s; p < e; p++) {
                int xBase = p * h * w, yBase = p * outH * outW;
                Arrays.fill(gx, xBase, xBase + h * w, 0f);
                for (int oh = 0; oh < outH; oh++) {
                    int hs = binStart(oh, h, outH), he = binEnd(oh, h, outH);
                    for (int ow = 0; ow < outW; ow++) {
                        int ws = binStart(ow, w, outW), we = binEnd(ow, w, outW);
                        float g = gy[yBase + oh * outW + ow] / ((he - hs) * (we - ws));
                        for (int ih = hs; ih < he; ih++)
                            for (int iw = ws; iw < we; iw++) gx[xBase + ih * w + iw] += g;
                    }
                }
            }
        });
    }

    private static int grain(int planeSize) {
        return Math.max(1, GRAIN_WORK / Math.max(1, planeSize));
    }
}
