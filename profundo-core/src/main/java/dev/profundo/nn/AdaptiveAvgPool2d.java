package dev.profundo.nn;

import dev.profundo.tensor.Tensor;

/**
 * Average pooling to a fixed output grid whatever the input size (PyTorch's {@code nn.AdaptiveAvgPool2d}):
 * output row i averages input rows floor(i*H/outH) to ceil((i+1)*H/outH), likewise for columns.
 * Takes [N, C, H, W] or [C, H, W].
 */
public final class AdaptiveAvgPool2d extends Layer {
    private final int outH, outW;

    /** A square {@code out x out} output grid ({@code 1} gives global average pooling). */
    public AdaptiveAvgPool2d(int out) {
        this(out, out);
    }

    /** An {@code outH x outW} output grid. */
    public AdaptiveAvgPool2d(int outH, int outW) {
        if (outH < 1 || outW < 1)
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be >= 1, got " + outH + "x" + outW);
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pool2d.adaptiveAvgPool2d(input, outH, outW);
    }

    /** Output size as {height, width}. */
    public int[] outputSize() { return new int[] {outH, outW}; }

    @Override
    public String describe() {
        return "AdaptiveAvgPool2d(" + outH + "x" + outW + ")";
    }
}
