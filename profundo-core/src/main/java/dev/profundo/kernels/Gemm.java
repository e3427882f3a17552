package dev.profundo.kernels;

/** Single-precision matrix multiply, row-major: C = alpha * op(A) * op(B) + beta * C, on all cores. */
public final class Gemm {
    private static final int MR = GemmMicroKernel.MR;
    private static final int NR = GemmMicroKernel.NR;

    /**
     * Largest depth of one k-block: an MR x KC micro-panel of A (37 KiB) stays in L1 while B micro-panels
     * stream past it. The depth is split into equal blocks of at most KC ({@link #depthStep}). Against fixed
     * blocks of 384, paired runs in one process were 0-5 % faster on 2 threads for 15 shapes (2048²-4096²
     * included) and 13 % for NT 128x784x256, whose 784 is now one block instead of 384 + 384 + 16.
     */
    static final int KC = 784;
    /** B panels packed at once: KC x (NR * NC_PANELS) floats, at most 784 KiB with 16 lanes, sits in L2. */
    static final int NC_PANELS = 8;
    /** A micro-panels a task packs at once (12 x KC floats each): 256 of them are at most 9.2 MiB. */
    static final int A_BLOCK_PANELS = 256;
    /** Below this many multiply-adds packing costs more than it saves. */
    static final long SMALL_WORK = 1L << 15;

    /** Whether thin edge tiles use the half-width kernel; tests turn it off to compare bits. */
    static boolean halfTiles = true;
    /** Whether full A micro-panels may be read in place (see readsAInPlace); tests turn it off to compare bits. */
    static boolean inPlaceA = true;

    private Gemm() {}

    /**
     * Work a GEMM does on one block of C, rows [i0, i1) and columns [j0, j1), on the thread that computes
     * that block: before its first product is added (fill C with a bias) or after its last (apply a ReLU
     * while the block is still in cache). The blocks of one call cover C exactly once.
     */
    @FunctionalInterface
    public interface BlockOp {
        /** Processes rows [i0, i1) and columns [j0, j1) of C. */
        void apply(int i0, int i1, int j0, int j1);
    }

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
        sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null, null);
    }

    /**
     * The same, with work on each block of C before its products are added (before: C then holds what beta
     * scales) and after (after), run by the thread that computes the block; either may be null.
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc, BlockOp before, BlockOp after) {
        GemmChecks.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, null, beta, c, cOff, ldc, before, after);
    }

    /**
     * C = alpha * op(A) * B + beta * C with B packed beforehand ({@link PackedB}): the same products, sums and
     * bits as {@link #sgemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float,
     * float[], int, int)} on B's source, without packing B. Products too small or thin for the packed path read
     * the source instead, so the source must still hold the values that were packed.
     */
    public static void sgemm(boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedB b,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(transA, m, alpha, a, aOff, lda, b, beta, c, cOff, ldc, null, null);
    }

    /** The prepacked product with block work before and after, as in the unpacked form; either may be null. */
    public static void sgemm(boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedB b,
                             float beta, float[] c, int cOff, int ldc, BlockOp before, BlockOp after) {
        GemmChecks.check(transA, b.transB, m, b.n, b.k, a, aOff, lda, b.source(), b.sourceOffset(), b.ldb(),
                c, cOff, ldc);
        run(transA, b.transB, m, b.n, b.k, alpha, a, aOff, lda, b.source(), b.sourceOffset(), b.ldb(), b,
                beta, c, cOff, ldc, before, after);
    }

    /** Validated arguments: the small path (block work on all of C around it) or the packed one. */
    private static void run(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb, PackedB pre,
                            float beta, float[] c, int cOff, int ldc, BlockOp before, BlockOp after) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f || !usesPackedPath(m, n, k)) {
            if (before != null) {
                before.apply(0, m, 0, n);
            }
            if (k == 0 || alpha == 0f) {
                scale(m, n, beta, c, cOff, ldc);
            } else {
                GemmSmall.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
            if (after != null) {
                after.apply(0, m, 0, n);
            }
            return;
        }
        packed(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, pre, beta, c, cOff, ldc, before, after);
    }

    /** Whether an m x n x k product takes the packed path (where a {@link PackedB} saves its packing of B). */
    public static boolean usesPackedPath(int m, int n, int k) {
        return m > 2 && n > 2 && k > 0 && (long) m * n * k > SMALL_WORK;
    }

    /**
     * Whether a product of depth k sums all its terms in one k-block, so that adding a term to C after the
     * product rounds exactly as starting C with it (beta = 1) would.
     */
    public static boolean oneDepthBlock(int k) {
        return k <= KC;
    }

    /**
     * Whether a task reads its full A micro-panels where they lie instead of packing them: A stored m x k
     * (row-major, so the MR values of one depth step are lda apart and each row streams forward), alpha 1
     * (packing is where alpha is folded in), and a single block of B panels (n at most NR * NC_PANELS), where
     * each micro-panel would be packed for a few tiles only. Rows a multiple of 4 KiB apart would share L1
     * sets, so those pack. Measured in one process, 2 threads, toggling this: MLP batch-256 inference 289-291
     * -> 276-278 us, its 256x784x256 layer -4.5 %, its 256x256x128 layer -11 %; the same bits either way.
     */
    static boolean readsAInPlace(boolean transA, float alpha, int bGroups, int lda) {
        return inPlaceA && !transA && alpha == 1f && bGroups == 1 && lda % 1024 != 0;
    }

    /** The k-block depth for a product of depth k: k split into the fewest equal blocks of at most KC. */
    static int depthStep(int k) {
        int blocks = (k + KC - 1) / KC;
        return (k + blocks - 1) / blocks;
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

    /**
     * The packed path. Tasks split the rows of C, one per thread, or its columns (see splitRows), and each
     * task packs its own operands: per k-block, its A rows as micro-panels and each block of up to NC_PANELS
     * B panels in turn, so no packed buffer is written by one core and read by another. The design before
     * shared one packed A among tasks split over the columns; its packing ran slower on 2 threads than on 1,
     * and this design is 1.04-1.72x faster on the benchmark shapes (the Linear shapes gain the most). The
     * price is that every task packs the same B blocks (all of A when the columns are split). The sums are
     * the same whatever the split: each C element adds its k-blocks in order. A B packed beforehand (pre) is
     * read in place by every task. The block work runs in the task, on exactly the task's rows and columns.
     */
    private static void packed(boolean transA, boolean transB, int m, int n, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb, PackedB pre,
                               float beta, float[] c, int cOff, int ldc, BlockOp before, BlockOp after) {
        int mPanels = (m + MR - 1) / MR;
        int nPanels = (n + NR - 1) / NR;
        // beta is applied once up front so every k-block, the first included, can simply add into C;
        // beta == 0 instead makes the first k-block store without reading C.
        boolean overwriteFirst = beta == 0f;
        BlockOp first = before;
        if (!overwriteFirst && beta != 1f) {
            // beta scales what the block work wrote, so that work runs first, on all of C, on this thread.
            if (first != null) {
                first.apply(0, m, 0, n);
                first = null;
            }
            scale(m, n, beta, c, cOff, ldc);
        }
        BlockOp firstInTask = first;
        int threads = Parallel.threads();
        boolean byRows = splitRows(transA, transB, pre != null, readsAInPlace(transA, alpha, 1, lda), m, n, mPanels,
                nPanels, threads);
        int rowTasks = byRows ? Math.min(mPanels, threads) : 1;
        int colTasks = byRows ? 1 : Math.min(nPanels, threads);
        int tasks = Math.max(rowTasks, colTasks);
        Parallel.forRange(tasks, 1, (s, e) -> {
            for (int t = s; t < e; t++) {
                // A column task: B panels [q0, q1) of every A panel. A row task: tiles [t0, t1) of C in row-major
                // tile order, so the tasks get equal tile counts even when the panel rows do not divide evenly (m =
                // 128 is 11 panel rows: 6 and 5 per task, now 5.5 each; paired on 2 threads, NT 128x3136x128 ran
                // 4.8 % faster, NN 128x128x256 7 %, the other benchmark shapes within ±1 %).
                int r0 = 0, r1 = mPanels, q0 = 0, q1 = nPanels, qFirst = 0, qLast = nPanels;
                if (colTasks > 1) {
                    q0 = (int) ((long) nPanels * t / colTasks);
                    q1 = (int) ((long) nPanels * (t + 1) / colTasks);
                    qFirst = q0;
                    qLast = q1;
                } else if (rowTasks > 1) {
                    long tiles = (long) mPanels * nPanels;
                    long t0 = tiles * t / rowTasks;
                    long t1 = tiles * (t + 1) / rowTasks;
                    r0 = (int) (t0 / nPanels);
                    qFirst = (int) (t0 % nPanels);
                    r1 = (int) ((t1 - 1) / nPanels) + 1;
                    qLast = (int) ((t1 - 1) % nPanels) + 1;
                }
                GemmTiles tiles = new GemmTiles(r0, r1, q0, q1, qFirst, qLast);
                if (firstInTask != null) {
                    tiles.forEachBlock(m, n, firstInTask);
                }
                task(transA, transB, m, n, k, a, aOff, lda, alpha, b, bOff, ldb, pre, overwriteFirst,
                        c, cOff, ldc, tiles);
                if (after != null) {
                    tiles.forEachBlock(m, n, after);
                }
            }
        });
    }

    /**
     * Whether to split C's rows among the tasks (each packs all of B) rather than its columns (each packs
     * all of A): the split whose busiest task has less to do, counting its tiles (a tile step is ~12 cycles
     * per depth step) and what it packs, in cycles per value as measured on one core: ~2 to transpose A
     * stored m x k into 12-row micro-panels, ~1 to transpose B stored n x k, ~1/4 to copy either as whole
     * vectors, nothing for a B packed beforehand. (With 1 for A's transpose, the estimate before, five shapes took the column split and ran
     * 2-15 % slower: NT 256x784·784x256, 128x3136·3136x128, 128x256·256x128 and 2048², NN 128x128·128x256.)
     */
    static boolean splitRows(boolean transA, boolean transB, boolean bPrepacked, int m, int n, int mPanels,
                             int nPanels, int threads) {
        return splitRows(transA, transB, bPrepacked, false, m, n, mPanels, nPanels, threads);
    }

    /**
     * The same, where aInPlace says whether A is read where it lies when a task holds one block of B panels
     * ({@link #readsAInPlace}): a split that leaves each task a single block then packs nothing of A, which
     * sends most batch-128 Linear shapes to the column split (each task packs half of B). Paired in one
     * process on 2 threads, against the split chosen as if A were packed: NT 128x3136x128 325 -> 365 GFLOP/s,
     * NN 128x784x256 374 -> 417, NT 256x784x256 395 -> 433, NN 128x128x256 391 -> 408; the rest within 1 %.
     */
    static boolean splitRows(boolean transA, boolean transB, boolean bPrepacked, boolean aInPlace, int m, int n,
                             int mPanels, int nPanels, int threads) {
        if (threads == 1) {
            return true;
        }
        double packA = transA ? 0.25 : 2;
        double packB = bPrepacked ? 0 : transB ? 1 : 0.25;
        int rowsPerTask = (mPanels + threads - 1) / threads;
        int colsPerTask = (nPanels + threads - 1) / threads;
        double packARows = aInPlace && nPanels <= NC_PANELS ? 0 : packA;
        double packACols = aInPlace && colsPerTask <= NC_PANELS ? 0 : packA;
        double byRows = 12.0 * rowsPerTask * nPanels + Math.min(m, rowsPerTask * MR) * packARows + n * packB;
        double byCols = 12.0 * mPanels * colsPerTask + m * packACols + Math.min(n, colsPerTask * NR) * packB;
        return byRows <= byCols;
    }

    /**
     * One task: its tiles of A micro-panels [r0,r1) times B panels (see GemmTiles). For each k-block: pack the
     * task's A rows (at most A_BLOCK_PANELS panels at a time), then for each block of up to NC_PANELS B panels pack it and run
     * every A panel over it. With a single B block each A micro-panel is packed right before its tiles instead,
     * or not at all where {@link #readsAInPlace} allows: full panels of a row-major A are then read in place.
     * With B packed beforehand (pre), its panels are read where they are.
     */
    private static void task(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float alpha, float[] b, int bOff, int ldb, PackedB pre,
                             boolean overwriteFirst, float[] c, int cOff, int ldc, GemmTiles tiles) {
        int r0 = tiles.r0();
        int r1 = tiles.r1();
        // A task within one panel row needs only its own B panels; otherwise every panel of [q0, q1).
        int qa = r1 - r0 == 1 ? tiles.qFirst() : tiles.q0();
        int qb = r1 - r0 == 1 ? tiles.qLast() : tiles.q1();
        GemmScratch scratch = GemmScratch.get();
        int groups = (qb - qa + NC_PANELS - 1) / NC_PANELS;
        int rowBlock = groups == 1 ? r1 - r0 : A_BLOCK_PANELS;
        float[] bPack = pre != null ? pre.data : scratch.packedB(KC * NR * Math.min(qb - qa, NC_PANELS));
        float[] aPack = scratch.packedA(MR * KC * (groups == 1 ? 1 : Math.min(rowBlock, r1 - r0)));
        float[] tile = scratch.tile();
        int kStep = depthStep(k);
        for (int pc = 0; pc < k; pc += kStep) {
            int kc = Math.min(kStep, k - pc);
            boolean accumulate = !(overwriteFirst && pc == 0);
            for (int rb = r0; rb < r1; rb += rowBlock) {
                int rbEnd = Math.min(r1, rb + rowBlock);
                if (groups > 1) {
                    for (int ir = rb; ir < rbEnd; ir++) {
                        GemmPack.packA(transA, a, aOff, lda, ir * MR, Math.min(MR, m - ir * MR), pc, kc, alpha,
                                aPack, (ir - rb) * MR * kc);
                    }
                }
                for (int q0 = qa; q0 < qb; q0 += NC_PANELS) {
                    int q1 = Math.min(qb, q0 + NC_PANELS);
                    // Where panel q0 starts in bPack; panels of one k-block lie kc * NR apart in both layouts.
                    int bBase = pre != null ? pre.offset(pc, kc, q0) : 0;
                    if (pre == null) {
                        for (int q = q0; q < q1; q++) {
                            GemmPack.packB(transB, b, bOff, ldb, pc, kc, q * NR, Math.min(NR, n - q * NR),
                                    bPack, (q - q0) * kc * NR);
                        }
                    }
                    for (int ir = rb; ir < rbEnd; ir++) {
                        int qFrom = Math.max(q0, tiles.from(ir));
                        int qTo = Math.min(q1, tiles.to(ir));
                        if (qFrom >= qTo) {
                            continue;
                        }
                        int mr = Math.min(MR, m - ir * MR);
                        int ai = (ir - rb) * MR * kc;
                        // A read where it lies (see readsAInPlace), or packed; an edge tile always packs.
                        boolean inPlace = mr == MR && readsAInPlace(transA, alpha, groups, lda);
                        boolean packed = false;
                        if (groups == 1 && !inPlace) {
                            GemmPack.packA(transA, a, aOff, lda, ir * MR, mr, pc, kc, alpha, aPack, 0);
                            ai = 0;
                            packed = true;
                        }
                        int cRow = cOff + ir * MR * ldc;
                        for (int q = qFrom; q < qTo; q++) {
                            int nr = Math.min(NR, n - q * NR);
                            int bi = bBase + (q - q0) * kc * NR;
                            int ci = cRow + q * NR;
                            if (mr == MR && nr == NR) {
                                if (inPlace) {
                                    GemmMicroKernel.tileRowsA(kc, a, aOff + ir * MR * lda + pc, lda, bPack, bi, c, ci, ldc,
                                            accumulate);
                                } else {
                                    GemmMicroKernel.tile(kc, aPack, ai, MR, bPack, bi, NR, c, ci, ldc, accumulate);
                                }
                                continue;
                            }
                            if (inPlace && !packed) {
                                GemmPack.packA(transA, a, aOff, lda, ir * MR, mr, pc, kc, alpha, aPack, 0);
                                ai = 0;
                                packed = true;
                            }
                            if (nr <= NR / 2 && halfTiles) {
                                GemmMicroKernel.halfEdgeTile(kc, aPack, ai, bPack, bi, c, ci, ldc, accumulate, mr, nr, tile);
                            } else {
                                GemmMicroKernel.edgeTile(kc, aPack, ai, bPack, bi, c, ci, ldc, accumulate, mr, nr, tile);
                            }
                        }
                    }
                }
            }
        }
    }
}
