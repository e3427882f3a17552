package dev.profundo.kernels;

/** Validates GEMM arguments so a bad shape fails with a message instead of an index error mid-kernel. */
final class GemmChecks {
    private GemmChecks() {}

    /** Throws IllegalArgumentException if any size, leading dimension or array extent is inconsistent. */
    static void check(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: negative size m=" + m + " n=" + n + " k=" + k);
        }
        matrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        matrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        matrix("C", c, cOff, ldc, m, n);
    }

    private static void matrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) {
            return;
        }
        if (x == null) {
            throw new IllegalArgumentException("sgemm: " + name + " is null");
        }
        if (ld < cols) {
            throw new IllegalArgumentException("sgemm: leading dimension of " + name + " is " + ld
                    + " but a row has " + cols + " columns");
        }
        long end = off + (long) (rows - 1) * ld + cols;
        if (off < 0 || end > x.length) {
            throw new IllegalArgumentException("sgemm: " + name + " (" + rows + " x " + cols + ", offset " + off
                    + ", ld " + ld + ") needs " + end + " elements but the array has " + x.length);
        }
    }
}
