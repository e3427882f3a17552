package dev.profundo.kernels;

/**
 * The GEMM register tile for callers that lay out their own operands (the Winograd convolution), read in
 * place: C = A times B over whole tiles of {@link #ROWS} x {@link #COLS}, with B row-major and A either
 * packed in panels of ROWS rows ({@link #packedIndex}) or stored depth-major (A[p][row] at p * lda + row).
 * Callers pad rows and columns to whole tiles instead of paying for packing and edge handling.
 */
public final class PanelProduct {
    /** Rows of C per tile. */
    public static final int ROWS = GemmMicroKernel.MR;
    /** Columns of C per tile. */
    public static final int COLS = GemmMicroKernel.NR;

    private PanelProduct() {}

    /** Offset of A[row][p] in a packed A of the given depth: panels of ROWS rows, depth-major inside a panel. */
    public static int packedIndex(int row, int p, int depth) {
        return ((row / ROWS) * depth + p) * ROWS + row % ROWS;
    }

    /**
     * C[0, rowPanels * ROWS)[0, colPanels * COLS) = A times B (overwritten), A packed (see {@link #packedIndex})
     * from aOff, B[p][j] at bOff + p * ldb + j, C[i][j] at cOff + i * ldc + j.
     */
    public static void multiply(int rowPanels, int colPanels, int depth, float[] a, int aOff,
                                float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        check(rowPanels, colPanels, depth, a, aOff + (long) rowPanels * ROWS * depth, b, bOff, ldb, c, cOff, ldc);
        // One column panel of B (depth x COLS) stays in L1 while every A panel passes over it.
        for (int q = 0; q < colPanels; q++)
            for (int r = 0; r < rowPanels; r++)
                GemmMicroKernel.tile(depth, a, aOff + r * ROWS * depth, ROWS, b, bOff + q * COLS, ldb,
                        c, cOff + r * ROWS * ldc + q * COLS, ldc, false);
    }

    /**
     * C[0, rowPanels * ROWS)[0, colPanels * COLS) = A times B, added to C when accumulate is true, with A stored
     * depth-major: A[i][p] at aOff + p * lda + i, so rows i of one depth step are side by side (rows past
     * lda read the next step's values: pad C's rows and drop them).
     */
    public static void multiplyDepthMajor(int rowPanels, int colPanels, int depth, float[] a, int aOff, int lda,
                                          float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                                          boolean accumulate) {
        check(rowPanels, colPanels, depth, a, aOff + (long) (depth - 1) * lda + (long) rowPanels * ROWS,
                b, bOff, ldb, c, cOff, ldc);
        for (int q = 0; q < colPanels; q++)
            for (int r = 0; r < rowPanels; r++)
                GemmMicroKernel.tile(depth, a, aOff + r * ROWS, lda, b, bOff + q * COLS, ldb,
                        c, cOff + r * ROWS * ldc + q * COLS, ldc, accumulate);
    }

    private static void check(int rowPanels, int colPanels, int depth, float[] a, long aEnd,
                              float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        if (rowPanels < 0 || colPanels < 0 || depth <= 0 || bOff < 0 || cOff < 0 || aEnd > a.length
                || ldc < (long) colPanels * COLS
                || bOff + (long) (depth - 1) * ldb + (long) colPanels * COLS > b.length
                || cOff + (long) (rowPanels * ROWS - 1) * ldc + (long) colPanels * COLS > c.length)
            throw new IllegalArgumentException("PanelProduct: operands too small for " + rowPanels * ROWS + " x "
                    + colPanels * COLS + " x " + depth + " (a " + a.length + ", b " + b.length + " ldb " + ldb
                    + ", c " + c.length + " ldc " + ldc + ")");
    }
}
