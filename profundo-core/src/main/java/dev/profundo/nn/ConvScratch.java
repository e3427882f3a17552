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
    private float[] padded = new float[0];
    private float[] packed = new float[0];
    private float[] tile = new float[0];
    private float[] wideCols = new float[0];
    private float[] wideGy = new float[0];
    private float[] wideOut = new float[0];
    private float[] widePadded = new float[0];
    private float[] batchPadded = new float[0];
    private float[] batchGradOut = new float[0];
    private float[] transformedWeights = new float[0];
    private float[] streamed = new float[0];
    private float[] products = new float[0];
    private float[] staging = new float[0];

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

    /** Patch matrices of several images side by side, for the weight gradient. */
    float[] wideCols(int size) {
        if (wideCols.length < size) wideCols = new float[size];
        return wideCols;
    }

    /** Output gradients of several images laid out to match {@link #wideCols}. */
    float[] wideGy(int size) {
        if (wideGy.length < size) wideGy = new float[size];
        return wideGy;
    }

    /** Transposed weight gradient of one run of images, before it is written out. */
    float[] wideOut(int size) {
        if (wideOut.length < size) wideOut = new float[size];
        return wideOut;
    }

    /** One zero-padded image for the weight gradient's unfold (kept apart from the direct kernels' copy). */
    float[] widePadded(int size) {
        if (widePadded.length < size) widePadded = new float[size];
        return widePadded;
    }

    /** A whole batch of zero-padded images for the direct weight gradient (shared with the worker threads). */
    float[] batchPadded(long size) {
        if (batchPadded.length < size) batchPadded = new float[checked(size)];
        return batchPadded;
    }

    /** A whole batch of output gradients on the padded width, to match {@link #batchPadded}. */
    float[] batchGradOut(long size) {
        if (batchGradOut.length < size) batchGradOut = new float[checked(size)];
        return batchGradOut;
    }

    private static int checked(long size) {
        if (size > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("conv2d: a work buffer of " + size
                    + " floats is more than one Java array holds; use a smaller batch");
        return (int) size;
    }

    /** Gradient of one image's patch matrix (col2im input). */
    float[] gradCols(int size) {
        if (gradCols.length < size) gradCols = new float[size];
        return gradCols;
    }

    /** One zero-padded image for the direct kernels. */
    float[] padded(int size) {
        if (padded.length < size) padded = new float[size];
        return padded;
    }

    /** One register tile of the direct kernels on its way to the output. */
    float[] tile(int size) {
        if (tile.length < size) tile = new float[size];
        return tile;
    }

    /** Weights packed into register tiles for the direct kernels (owned by the calling thread). */
    float[] packed(int size) {
        if (packed.length < size) packed = new float[size];
        return packed;
    }

    /** Transformed 3x3 kernels of one Winograd call, 16 packed planes (owned by the calling thread, read by all). */
    float[] transformedWeights(int size) {
        if (transformedWeights.length < size) transformedWeights = new float[size];
        return transformedWeights;
    }

    /** The operand a panel product streams: transformed input tiles (Winograd) or patch rows. */
    float[] streamed(int size) {
        if (streamed.length < size) streamed = new float[size];
        return streamed;
    }

    /** The other side of a panel product: its result (Winograd forward) or its broadcast operand (gradients). */
    float[] products(int size) {
        if (products.length < size) products = new float[size];
        return products;
    }

    /** A staging area: output rows before they are interleaved, one phase's output, a split gradient. */
    float[] staging(int size) {
        if (staging.length < size) staging = new float[size];
        return staging;
    }

    /** Per-chunk partial weight and bias gradients of one backward call (owned by the calling thread). */
    float[] partials(int size) {
        if (partials.length < size) partials = new float[size];
        return partials;
    }
}
