package dev.profundo.kernels;

/**
 * Vectorised loops over contiguous float ranges: the elementwise and reduction building blocks of tensor ops.
 * The bodies live in VectorLoops so that this class, and {@link #simdAvailable()}, load even when the JVM was
 * started without {@code --add-modules jdk.incubator.vector}.
 */
public final class VectorOps {

    /** Human-readable name of the SIMD species in use, e.g. "float x16 (512-bit)", or why there is none. */
    public static final String SPECIES_DESCRIPTION = describe();

    private VectorOps() {}

    /** Returns true if the Vector API is present and usable; never throws. */
    public static boolean simdAvailable() {
        try {
            return Simd.LANES > 0;
        } catch (Throwable t) {
            // Without --add-modules jdk.incubator.vector the species holder cannot even be loaded.
            return false;
        }
    }

    /** Lanes per float vector of the species in use. */
    static int vectorLanes() {
        return Simd.LANES;
    }

    private static String describe() {
        try {
            return "float x" + Simd.LANES + " (" + Simd.F.vectorBitSize() + "-bit)";
        } catch (Throwable t) {
            return "unavailable (" + t + "); run with --add-modules jdk.incubator.vector";
        }
    }

    /** out[i] = a[i] + b[i] for len elements. */
    public static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        VectorLoops.add(a, aOff, b, bOff, out, outOff, len);
    }

    /** out[i] = a[i] - b[i] for len elements. */
    public static void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        VectorLoops.sub(a, aOff, b, bOff, out, outOff, len);
    }

    /** out[i] = a[i] * b[i] for len elements. */
    public static void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        VectorLoops.mul(a, aOff, b, bOff, out, outOff, len);
    }

    /** out[i] = a[i] / b[i] for len elements. */
    public static void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        VectorLoops.div(a, aOff, b, bOff, out, outOff, len);
    }

    /** out[i] = a[i] + s for len elements. */
    public static void addScalar(float[] a, int aOff, float s, float[] out, int outOff, int len) {
        VectorLoops.addScalar(a, aOff, s, out, outOff, len);
    }

    /** out[i] = a[i] * s for len elements. */
    public static void mulScalar(float[] a, int aOff, float s, float[] out, int outOff, int len) {
        VectorLoops.mulScalar(a, aOff, s, out, outOff, len);
    }

    /** out[i] = max(a[i], 0) for len elements (NaN stays NaN, as in PyTorch). */
    public static void relu(float[] a, int aOff, float[] out, int outOff, int len) {
        VectorLoops.relu(a, aOff, out, outOff, len);
    }

    /** out[i] = relu(a[i] + b[i]) for len elements: a residual connection and its activation in one pass. */
    public static void addRelu(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        VectorLoops.addRelu(a, aOff, b, bOff, out, outOff, len);
    }

    /** out[i] = x[i] > 0 ? g[i] : 0 for len elements: the gradient of relu. */
    public static void reluBackward(float[] x, int xOff, float[] g, int gOff, float[] out, int outOff, int len) {
        VectorLoops.reluBackward(x, xOff, g, gOff, out, outOff, len);
    }

    /** y[i] += alpha * x[i] for len elements. */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        VectorLoops.axpy(alpha, x, xOff, y, yOff, len);
    }

    /**
     * Sum of len elements in a fixed order: float vector lanes within blocks of 1024, then the blocks in
     * double, so the result is reproducible and the float rounding error stays bounded by the block size.
     */
    public static double sum(float[] a, int off, int len) {
        return VectorLoops.sum(a, off, len);
    }

    /** Largest of len elements (NaN if any is NaN); negative infinity when len is 0. */
    public static float max(float[] a, int off, int len) {
        return VectorLoops.max(a, off, len);
    }

    /** Dot product of len elements of a and b, accumulated in float vector lanes in a fixed order. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        return VectorLoops.dot(a, aOff, b, bOff, len);
    }
}
