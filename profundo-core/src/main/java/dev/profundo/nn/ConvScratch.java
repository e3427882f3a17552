package dev.profundo.nn;

/**
 * Per-thread work buffers for convolution, grown on demand and kept: a training step then unfolds
 * every image into the same patch matrix instead of allocating one per image per step.
 */
final class ConvScratch {
    private static final ThreadLocal<ConvScratch> LOCAL = ThreadLocal.withInitial(ConvScratch::new);

    private float[] cols = new float[0];
    private float[] gradCols = new float[0];
    private float[] partials = new float[0];

    private ConvScratch() {}

    /** The calling thread's buffers. */
    static ConvScratch get() {
        return LOCAL.get();
    }

    /** Patch matrix of one image (im2col output). */
    float[] cols(int size) {
        if (cols.length < size) cols = new float[size];
        return cols;
    }

    /** Gradient of one image's patch matrix (col2im input). */
    float[] gradCols(int size) {
        if (gradCols.length < size) gradCols = new float[size];
        return gradCols;
    }

    /** Per-chunk partial weight and bias gradients of one backward call (owned by the calling thread). */
    float[] partials(int size) {
        if (partials.length < size) partials = new float[size];
        return partials;
    }
}
