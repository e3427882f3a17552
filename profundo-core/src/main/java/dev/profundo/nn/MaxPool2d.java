package dev.profundo.nn;

import dev.profundo.tensor.Tensor;

/**
 * 2-D max pooling (PyTorch's {@code nn.MaxPool2d}): each output is the largest input in its window;
 * padding never wins. Takes [N, C, H, W] or [C, H, W].
 */
public final class MaxPool2d extends Layer {
    private final PoolWindow window;

    /** A {@code kernel x kernel} window moved by its own size (non-overlapping). */
    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    /** A square window with the given stride. */
    public MaxPool2d(int kernel, int stride) {
        this(kernel, stride, 0);
    }

    /** A square window with the given stride and padding (at most half the kernel). */
    public MaxPool2d(int kernel, int stride, int padding) {
        this.window = PoolWindow.square("MaxPool2d", kernel, stride, padding);
    }

    @Override
    public Tensor forward(Tensor input) {
        var w = window;
        return Pool2d.maxPool2d(input, w.kh(), w.kw(), w.sh(), w.sw(), w.ph(), w.pw());
    }

    /** Window size as {height, width}. */
    public int[] kernelSize() { return new int[] {window.kh(), window.kw()}; }

    /** Stride as {height, width}. */
    public int[] stride() { return new int[] {window.sh(), window.sw()}; }

    /** Padding per side as {height, width}. */
    public int[] padding() { return new int[] {window.ph(), window.pw()}; }

    @Override
    public String describe() {
        return "MaxPool2d(" + window.describe() + ")";
    }
}
