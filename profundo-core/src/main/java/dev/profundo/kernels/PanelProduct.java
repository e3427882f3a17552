package dev.profundo.kernels;

/**
 * The GEMM register tile for callers that lay out their own operands (the Winograd convolution): A packed
 * in panels of {@link #ROWS} rows, B row-major and read in place, C computed in whole tiles, so callers pad
 * A's rows and C's rows and columns to whole tiles instead of paying for packing and edge handling.
 */
public final class PanelProduct {
    /** Rows of C per tile; A panels hold this many rows. */
    public static final int ROWS = GemmMicroKernel.MR;
    /** Columns of C per tile. */
    public static final int COLS = GemmMicroKernel.NR;

    private PanelProduct() {}

    /** Offset of A[row][p] in a packed A of the given depth: panels of ROWS rows, depth-major inside a panel. */
    public static int packedIndex(int row, int p, int depth) {
        return ((row / ROWS) * depth + p) * ROWS + row % ROWS;
    }

    /**
     * C[0 .. rowPanels * ROWS)[0 .. colPanels * COLS) = A times B, overwritten: A packed (see
     * {@link #packedIndex}) from aOff with depth rows of B, B[p][j] at bOff + p * ldb + j, C[i][j] at
     * cOff + i * ldc + j. Every element of those ranges must exist; nothing is bounds-trimmed.
     */
    public static void multiply(int rowPanels, int colPanels, int depth, float[] a, int aOff,
                                float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        if (rowPanels <= 0 || colPanels <= 0) return;
        if (depth <= 0)
            throw new IllegalArgumentException("PanelProduct: depth must be positive, got " + depth);
        if (aOff < 0 || bOff < 0 || cOff < 0 || ldb < (long) colPanels * COLS || ldc < (long) colPanels * COLS
                || aOff + (long) rowPanels * ROWS * depth > a.length
                || bOff + (long) (depth - 1) * ldb + (long) colPanels * COLS > b.length
                || cOff + (long) (rowPanels * ROWS - 1) * ldc + (long) colPanels * COLS > c.length)
            throw new IllegalArgumentException("PanelProduct: operands too small for " + rowPanels * ROWS + " x "
                    + colPanels * COLS + " x " + depth + " (a " + a.length + ", b " + b.length + " ldb " + ldb
                    + ", c " + c.length + " ldc " + ldc + ")");
        // One column panel of B (depth x COLS) stays in L1 while every A panel passes over it.
        for (int q = 0; q < colPanels; q++)
            for (int r = 0; r < rowPanels; r++)
                GemmMicroKernel.tile(depth, a, aOff + r * ROWS * depth, b, bOff + q * COLS, ldb,
                        c, cOff + r * ROWS * ldc + q * COLS, ldc, false);
    }
}
