package dev.profundo.nn;

import dev.profundo.tensor.Tensor;

/**
 * A lookup table of {@code numEmbeddings} vectors of size {@code embeddingDim} (word or token
 * embeddings), initialised N(0, 1) as in PyTorch.
 *
 * <p>Shape: int64 indices of any shape → that shape + [embeddingDim]. An optional padding index
 * names a row that starts at zero and never receives a gradient.
 */
public class Embedding extends Layer {
    private final int numEmbeddings, embeddingDim, paddingIdx;
    private final Tensor weight;

    /** A table without a padding row. */
    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, null);
    }

    /** A table whose row {@code paddingIdx} (negative counts from the end; null for none) stays zero and gets no gradient. */
    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx) {
        if (numEmbeddings <= 0 || embeddingDim <= 0)
            throw new IllegalArgumentException("Embedding: numEmbeddings and embeddingDim must be positive, got "
                    + numEmbeddings + " and " + embeddingDim);
        if (paddingIdx != null && (paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings))
            throw new IllegalArgumentException("Embedding: paddingIdx " + paddingIdx + " is out of range for " + numEmbeddings
                    + " embeddings");
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx == null ? -1 : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
        this.weight = registerParameter("weight", Tensor.zeros(numEmbeddings, embeddingDim));
        resetParameters();
    }

    /** Redraws the table from N(0, 1) and zeroes the padding row. */
    public void resetParameters() {
        Init.normal(weight, 0, 1);
        if (paddingIdx >= 0) Init.zeros(weight.slice(0, paddingIdx, paddingIdx + 1));
    }

    /** The table [numEmbeddings, embeddingDim]. */
    public Tensor weight() { return weight; }

    /** The padding row, or -1 for none. */
    public int paddingIdx() { return paddingIdx; }

    @Override
    public Tensor forward(Tensor input) {
        return EmbeddingOp.embedding(input, weight, paddingIdx);
    }

    @Override
    public String describe() {
        return "Embedding(" + numEmbeddings + ", " + embeddingDim + (paddingIdx >= 0 ? ", paddingIdx=" + paddingIdx : "") + ")";
    }
}
