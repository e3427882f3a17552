package dev.profundo.kernels;

/**
 * The B operand of a GEMM packed once, in the panel order the micro-kernel streams, for products that
 * multiply many different A by the same B: a layer's weight at inference. {@link Gemm#sgemm(boolean, int,
 * float, float[], int, int, PackedB, float, float[], int, int)} then skips packing B, which is a transpose
 * for a Linear weight ({@code x·Wᵀ}) and, on two threads, was ~17 % of an MLP's batch-256 forward pass
 * (each thread packs all of B in the row split).
 *
 * <p>The packed copy does not follow later writes to the source array: whoever holds one must drop it when
 * the source changes. It remembers the source (array, offset, leading dimension, layout and sizes) so a
 * holder can check {@link #packs} before reuse.
 */
public final class PackedB {
    private static final int NR = GemmMicroKernel.NR;

    final boolean transB;
    final int k;
    final int n;
    /** The depth of one k-block, as {@link Gemm#depthStep} gives for k. */
    final int kStep;
    final int nPanels;
    /**
     * k-block by k-block; inside the block that starts at depth pc (kc deep), panel q starts at
     * {@code pc * nPanels * NR + q * kc * NR} and holds kc rows of NR columns, zero past n.
     */
    final float[] data;
    private final float[] source;
    private final int sourceOffset;
    private final int ldb;

    private PackedB(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        this.transB = transB;
        this.k = k;
        this.n = n;
        this.kStep = Gemm.depthStep(Math.max(1, k));
        this.nPanels = (n + NR - 1) / NR;
        this.data = new float[Math.multiplyExact(k, nPanels * NR)];
        this.source = b;
        this.sourceOffset = bOff;
        this.ldb = ldb;
    }

    /**
     * Packs op(B), k x n: B is stored n x k with leading dimension ldb when transB (a weight [out, in] for
     * {@code x·Wᵀ}), k x n otherwise. The panels are packed on all cores.
     */
    public static PackedB pack(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        if (k < 0 || n < 0) {
            throw new IllegalArgumentException("PackedB.pack: negative size k=" + k + " n=" + n);
        }
        GemmChecks.check(false, transB, 0, n, k, null, 0, Math.max(1, k), b, bOff, ldb, null, 0, Math.max(1, n));
        PackedB p = new PackedB(transB, k, n, b, bOff, ldb);
        if (k == 0 || n == 0) {
            return p;
        }
        int panels = p.nPanels;
        // Grain: a few panels per chunk, so a narrow weight does not fork for microseconds of copying.
        Parallel.forRange(panels, Math.max(1, 4096 / Math.max(1, k)), (s, e) -> {
            for (int pc = 0; pc < k; pc += p.kStep) {
                int kc = Math.min(p.kStep, k - pc);
                for (int q = s; q < e; q++) {
                    GemmPack.packB(transB, b, bOff, ldb, pc, kc, q * NR, Math.min(NR, n - q * NR), p.data,
                            p.offset(pc, kc, q));
                }
            }
        });
        return p;
    }

    /** Where panel q of the k-block starting at depth pc (kc deep) begins in {@link #data}. */
    int offset(int pc, int kc, int q) {
        return pc * nPanels * NR + q * kc * NR;
    }

    /** True when this was packed from exactly this source: same array, offset, leading dimension, layout and sizes. */
    public boolean packs(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        return source == b && sourceOffset == bOff && this.ldb == ldb && this.transB == transB && this.k == k
                && this.n == n;
    }

    /** Depth of op(B) (its rows). */
    public int k() { return k; }

    /** Width of op(B) (its columns). */
    public int n() { return n; }

    /** Floats held by the packed copy (op(B) padded to whole panels). */
    public long packedFloats() { return data.length; }

    float[] source() { return source; }

    int sourceOffset() { return sourceOffset; }

    int ldb() { return ldb; }
}
