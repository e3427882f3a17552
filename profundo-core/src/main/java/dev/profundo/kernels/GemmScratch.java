package dev.profundo.kernels;

/** Per-thread packing buffers for GEMM, grown on demand and reused so the hot path does not allocate. */
final class GemmScratch {
    private static final ThreadLocal<GemmScratch> LOCAL = ThreadLocal.withInitial(GemmScratch::new);

    private float[] packedA = new float[0];
    private float[] packedB = new float[0];
    private float[] row = new float[0];
    private final float[] tile = new float[GemmMicroKernel.MR * GemmMicroKernel.NR];
    private final float[] four = new float[4];

    private GemmScratch() {}

    /** The calling thread's buffers. */
    static GemmScratch get() {
        return LOCAL.get();
    }

    /** Buffer for this thread's packed A micro-panels. */
    float[] packedA(int size) {
        if (packedA.length < size) {
            packedA = new float[size];
        }
        return packedA;
    }

    /** Buffer for this thread's packed B panels. */
    float[] packedB(int size) {
        if (packedB.length < size) {
            packedB = new float[size];
        }
        return packedB;
    }

    /** Buffer for a gathered row or column in the unpacked small-matrix path. */
    float[] row(int size) {
        if (row.length < size) {
            row = new float[size];
        }
        return row;
    }

    /** Four results of a batched dot product. */
    float[] four() {
        return four;
    }

    /** One MR x NR tile for the edge kernel. */
    float[] tile() {
        return tile;
    }
}
