package dev.profundo.nn;

import dev.profundo.tensor.Tensor;

/** Softmax along one dimension: non-negative outputs that sum to 1 along {@code dim}. */
public class Softmax extends Layer {
    private final int dim;

    /** Softmax along {@code dim} (negative counts from the end, e.g. -1 for the last). */
    public Softmax(int dim) {
        this.dim = dim;
    }

    /** The dimension normalised over. */
    public int dim() { return dim; }

    @Override
    public Tensor forward(Tensor input) {
        return F.softmax(input, dim);
    }

    @Override
    public String describe() {
        return "Softmax(dim=" + dim + ")";
    }
}
