package dev.profundo.nn;

import dev.profundo.tensor.Tensor;

/** Merges dims {@code startDim..endDim} into one; by default everything but the batch dim ([N, C, H, W] → [N, C·H·W]). */
public class Flatten extends Layer {
    private final int startDim, endDim;

    /** Flattens dims 1 to -1, keeping the batch dimension, as PyTorch's default. */
    public Flatten() {
        this(1, -1);
    }

    /** Flattens dims {@code startDim..endDim} inclusive (negative counts from the end). */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.flatten(startDim, endDim);
    }

    @Override
    public String describe() {
        return startDim == 1 && endDim == -1 ? "Flatten" : "Flatten(" + startDim + ", " + endDim + ")";
    }
}
