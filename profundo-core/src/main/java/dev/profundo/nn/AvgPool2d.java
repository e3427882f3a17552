package dev.profundo.nn;

import dev.profundo.tensor.Tensor;

/**
 * 2-D average pooling (PyTorch's {@code nn.AvgPool2d}): each output is the mean of its window.
 * Padded zeros count in the divisor unless built with {@code countIncludePad = false}.
 * Takes [N, C, H, W] or [C, H, W].
 */
public final class AvgPool2d extends Layer {
    private final PoolWindow window;
    private final boolean countIncludePad;

    /** A {@code kernel x kernel} window moved by its own size (non-overlapping). */
    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    /** A square window with the given stride. */
    public AvgPool2d(int kernel, int stride) {
        this(kernel, stride, 0);
    }

    /** A square window with the given stride and zero padding; padding counts in the divisor. */
    public AvgPool2d(int kernel, int stride, int padding) {
        this(kernel, stride, padding, true);
    }

    /** A square window with the given stride and padding, choosing whether padding counts in the divisor. */
    public AvgPool2d(int kernel, int stride, int padding, boolean countIncludePad) {
        this.window = PoolWindow.square("AvgPool2d", kernel, stride, padding);
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor input) {
        var w = window;
        return Pool2d.avgPool2d(input, w.kh(), w.kw(), w.sh(), w.sw(), w.ph(), w.pw(), countIncludePad);
    }

    /** Window size as {height, width}. */
    public int[] kernelSize() { return new int[] {window.kh(), window.kw()}; }

    /** Stride as {height, width}. */
    public int[] stride() { return new int[] {window.sh(), window.sw()}; }

    /** Padding per side as {height, width}. */
    public int[] padding() { return new int[] {window.ph(), window.pw()}; }

    /** Whether padded zeros count in each window's divisor. */
    public boolean countIncludePad() { return countIncludePad; }

    @Override
    public String describe() {
        return "AvgPool2d(" + window.describe() + (countIncludePad ? "" : ", exclude pad") + ")";
    }
}
