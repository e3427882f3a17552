package dev.profundo.kernels;

/** Single-precision matrix multiply, row-major: C = alpha * op(A) * op(B) + beta * C, on all cores. */
public final class Gemm {
    private static final int MR = GemmMicroKernel.MR;
    private static final int NR = GemmMicroKernel.NR;

    /** Depth of one k-block: MR x KC of A stays in L1 while B micro-panels stream past it. */
    static final int KC = 384;
    /** B panels per task and k-block: KC x (NR * NC_PANELS) floats, about 384 KiB with 16 lanes, sits in L2. */
    static final int NC_PANELS = 8;
    /** Cap, in floats, on the packed A held at once (64 MiB); longer k is done in several super-blocks. */
    static final long A_PACK_LIMIT = 16L << 20;
    /** Below this many multiply-adds packing costs more than it saves. */
    static final long SMALL_WORK = 1L << 15;

    private Gemm() {}

    /** C[m x n] = A[m x k] * B[k x n], all contiguous. */
    public static void sgemm(int m, int n, int k, float[] a, float[] b, float[] c) {
        sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
    }

    /**
     * C = alpha * op(A) * op(B) + beta * C where op(A) is m x k (A stored k x m if transA), op(B) is k x n
     * (B stored n x k if transB); beta == 0 overwrites C. Bit-identical results for any thread count.
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        GemmChecks.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        long work = (long) m * n * k;
        if (work <= SMALL_WORK || m <= 2 || n <= 2) {
            GemmSmall.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        packed(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** C = beta * C, with beta == 0 writing zeros whatever C held. */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, row, row + n, 0f);
            } else if (beta != 1f) {
                VectorOps.mulScalar(c, row, beta, c, row, n);
            }
        }
    }

    private static void packed(boolean transA, boolean transB, int m, int n, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc) {
        int mPanels = (m + MR - 1) / MR;
        int mPad = mPanels * MR;
        int nPanels = (n + NR - 1) / NR;
        int threads = Parallel.threads();

        // Split N first: each task packs its own B panels and shares the packed A, so nothing is packed twice.
        int nGroups = (nPanels + NC_PANELS - 1) / NC_PANELS;
        if (nGroups < nPanels && nGroups % threads != 0) {
            nGroups = Math.min(nPanels, (nGroups + threads - 1) / threads * threads);
        }
        int mGroups = 1;
        if (nGroups < threads) {
            mGroups = Math.min(mPanels, (2 * threads + nGroups - 1) / nGroups);
        }

        // A super-block of k is packed whole once, then every task walks its k-blocks without a barrier.
        // beta is applied once up front so every k-block, the first included, can simply add into C;
        // beta == 0 instead makes the first k-block store without reading C.
        boolean overwriteFirst = beta == 0f;
        if (!overwriteFirst && beta != 1f) {
            scale(m, n, beta, c, cOff, ldc);
        }

        long ksLimit = Math.max(KC, A_PACK_LIMIT / mPad / KC * KC);
        int ksMax = (int) Math.min(k, ksLimit);
        float[] aPack = GemmScratch.get().packedA(mPad * ksMax);

        for (int ks = 0; ks < k; ks += ksMax) {
            final int ks0 = ks;
            final int ksLen = Math.min(ksMax, k - ks);
            // Fine chunks: with m = 128 (a training batch) a coarser grain left packing on one thread.
            Parallel.forRange(mPanels, 2, (s, e) -> {
                for (int ir = s; ir < e; ir++) {
                    int mr = Math.min(MR, m - ir * MR);
                    for (int pc = 0; pc < ksLen; pc += KC) {
                        int kc = Math.min(KC, ksLen - pc);
                        GemmPack.packA(transA, a, aOff, lda, ir * MR, mr, ks0 + pc, kc, alpha,
                                aPack, pc * mPad + ir * MR * kc);
                    }
                }
            });
            final int ng = nGroups;
            final int mg = mGroups;
            Parallel.forRange(mGroups * nGroups, 1, (s, e) -> {
                for (int t = s; t < e; t++) {
                    int gn = t % ng;
                    int gm = t / ng;
                    int q0 = (int) ((long) nPanels * gn / ng);
                    int q1 = (int) ((long) nPanels * (gn + 1) / ng);
                    int r0 = (int) ((long) mPanels * gm / mg);
                    int r1 = (int) ((long) mPanels * (gm + 1) / mg);
                    computeTask(transB, m, n, ks0, ksLen, mPad, q0, q1, r0, r1, aPack,
                            b, bOff, ldb, overwriteFirst, c, cOff, ldc);
                }
            });
        }
    }

    /** One task: its B panels [q0,q1) times A micro-panels [r0,r1), over every k-block of the super-block. */
    private static void computeTask(boolean transB, int m, int n, int ks0, int ksLen, int mPad,
                                    int q0, int q1, int r0, int r1, float[] aPack,
                                    float[] b, int bOff, int ldb, boolean overwriteFirst,
                                    float[] c, int cOff, int ldc) {
        GemmScratch scratch = GemmScratch.get();
        float[] bPack = scratch.packedB(KC * NR * (q1 - q0));
        float[] tile = scratch.tile();
        for (int pc = 0; pc < ksLen; pc += KC) {
            int kc = Math.min(KC, ksLen - pc);
            boolean accumulate = !(overwriteFirst && ks0 + pc == 0);
            for (int q = q0; q < q1; q++) {
                GemmPack.packB(transB, b, bOff, ldb, ks0 + pc, kc, q * NR, Math.min(NR, n - q * NR),
                        bPack, (q - q0) * kc * NR);
            }
            int aBase = pc * mPad;
            for (int ir = r0; ir < r1; ir++) {
                int mr = Math.min(MR, m - ir * MR);
                int ai = aBase + ir * MR * kc;
                int cRow = cOff + ir * MR * ldc;
                for (int q = q0; q < q1; q++) {
                    int nr = Math.min(NR, n - q * NR);
                    int bi = (q - q0) * kc * NR;
                    if (mr == MR && nr == NR) {
                        GemmMicroKernel.tile(kc, aPack, ai, MR, bPack, bi, NR, c, cRow + q * NR, ldc, accumulate);
                    } else {
                        GemmMicroKernel.edgeTile(kc, aPack, ai, bPack, bi, c, cRow + q * NR, ldc, accumulate,
                                mr, nr, tile);
                    }
                }
            }
        }
    }
}
