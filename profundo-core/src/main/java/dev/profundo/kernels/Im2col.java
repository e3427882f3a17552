package dev.profundo.kernels;

import java.util.Arrays;

/** Lowers a 2-D convolution to GEMM: unfolds image patches into columns (im2col) and folds them back (col2im). */
public final class Im2col {
    private Im2col() {}

    /** Output length of a convolution or pooling along one axis: floor((in + 2pad - dil(k-1) - 1) / stride) + 1. */
    public static int outSize(int in, int k, int stride, int pad, int dil) {
        if (stride < 1 || dil < 1 || k < 1 || pad < 0) {
            throw new IllegalArgumentException("outSize: need k, stride, dilation >= 1 and pad >= 0, got k=" + k
                    + " stride=" + stride + " pad=" + pad + " dilation=" + dil);
        }
        int span = in + 2 * pad - dil * (k - 1) - 1;
        return span < 0 ? 0 : span / stride + 1;
    }

    /**
     * Writes the (c*kh*kw) x (outH*outW) patch matrix of the c x h x w image at x[xOff..] into cols[colsOff..];
     * row (ci, ki, kj) holds the input pixel each output position sees through that kernel tap, zero in padding.
     */
    public static void im2col(float[] x, int xOff, int c, int h, int w, int kh, int kw,
                              int strideH, int strideW, int padH, int padW, int dilH, int dilW,
                              float[] cols, int colsOff) {
        int outHW = outSize(h, kh, strideH, padH, dilH) * outSize(w, kw, strideW, padW, dilW);
        im2col(x, xOff, c, h, w, kh, kw, strideH, strideW, padH, padW, dilH, dilW, cols, colsOff, outHW);
    }

    /**
     * As {@link #im2col(float[], int, int, int, int, int, int, int, int, int, int, int, int, float[], int)}, but
     * row r of the patch matrix starts at cols[colsOff + r * ldCols] (ldCols >= outH*outW), so several images
     * can be unfolded side by side into one wide matrix.
     */
    public static void im2col(float[] x, int xOff, int c, int h, int w, int kh, int kw,
                              int strideH, int strideW, int padH, int padW, int dilH, int dilW,
                              float[] cols, int colsOff, int ldCols) {
        int outH = outSize(h, kh, strideH, padH, dilH);
        int outW = outSize(w, kw, strideW, padW, dilW);
        int outHW = outH * outW;
        if (ldCols < outHW) {
            throw new IllegalArgumentException("im2col: ldCols " + ldCols + " is below the " + outH + "x" + outW
                    + " = " + outHW + " output positions per row; pass ldCols >= " + outHW);
        }
        for (int ci = 0; ci < c; ci++) {
            int plane = xOff + ci * h * w;
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    int rowStart = colsOff + ((ci * kh + ki) * kw + kj) * ldCols;
                    int colShift = kj * dilW - padW;
                    // Output columns whose input column lies inside the image: [owLo, owHi).
                    int owLo = firstInside(colShift, strideW, outW);
                    int owHi = endInside(colShift, strideW, w, outW);
                    for (int oh = 0; oh < outH; oh++) {
                        int dst = rowStart + oh * outW;
                        int ih = oh * strideH - padH + ki * dilH;
                        if (ih < 0 || ih >= h || owLo >= owHi) {
                            Arrays.fill(cols, dst, dst + outW, 0f);
                            continue;
                        }
                        Arrays.fill(cols, dst, dst + owLo, 0f);
                        int src = plane + ih * w + colShift;
                        if (strideW == 1) {
                            System.arraycopy(x, src + owLo, cols, dst + owLo, owHi - owLo);
                        } else {
                            for (int ow = owLo; ow < owHi; ow++) {
                                cols[dst + ow] = x[src + ow * strideW];
                            }
                        }
                        Arrays.fill(cols, dst + owHi, dst + outW, 0f);
                    }
                }
            }
        }
    }

    /**
     * Adds each entry of the (c*kh*kw) x (outH*outW) matrix cols[colsOff..] to the image pixel it was unfolded
     * from (the adjoint of im2col), accumulating into dx[dxOff..], a c x h x w image.
     */
    public static void col2im(float[] cols, int colsOff, int c, int h, int w, int kh, int kw,
                              int strideH, int strideW, int padH, int padW, int dilH, int dilW,
                              float[] dx, int dxOff) {
        int outH = outSize(h, kh, strideH, padH, dilH);
        int outW = outSize(w, kw, strideW, padW, dilW);
        int outHW = outH * outW;
        for (int ci = 0; ci < c; ci++) {
            int plane = dxOff + ci * h * w;
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    int rowStart = colsOff + ((ci * kh + ki) * kw + kj) * outHW;
                    int colShift = kj * dilW - padW;
                    int owLo = firstInside(colShift, strideW, outW);
                    int owHi = endInside(colShift, strideW, w, outW);
                    if (owLo >= owHi) {
                        continue;
                    }
                    for (int oh = 0; oh < outH; oh++) {
                        int ih = oh * strideH - padH + ki * dilH;
                        if (ih < 0 || ih >= h) {
                            continue;
                        }
                        int src = rowStart + oh * outW;
                        int dst = plane + ih * w + colShift;
                        if (strideW == 1) {
                            VectorOps.add(dx, dst + owLo, cols, src + owLo, dx, dst + owLo, owHi - owLo);
                        } else {
                            for (int ow = owLo; ow < owHi; ow++) {
                                dx[dst + ow * strideW] += cols[src + ow];
                            }
                        }
                    }
                }
            }
        }
    }

    /** Smallest ow in [0, outW] with ow*stride + shift >= 0. */
    private static int firstInside(int shift, int stride, int outW) {
        if (shift >= 0) {
            return 0;
        }
        return Math.min(outW, (-shift + stride - 1) / stride);
    }

    /** One past the largest ow in [0, outW) with ow*stride + shift < w. */
    private static int endInside(int shift, int stride, int w, int outW) {
        int limit = w - shift; // need ow*stride < limit
        if (limit <= 0) {
            return 0;
        }
        return Math.min(outW, (limit + stride - 1) / stride);
    }
}
