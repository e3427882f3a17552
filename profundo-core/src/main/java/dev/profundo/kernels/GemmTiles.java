package dev.profundo.kernels;

/**
 * The tiles of C one task computes: panel rows [r0, r1) by panel columns [q0, q1), except that the first
 * row starts at column qFirst and the last ends at column qLast (a row task's share of the tiles in row-major
 * order; a column task has qFirst = q0 and qLast = q1).
 */
record GemmTiles(int r0, int r1, int q0, int q1, int qFirst, int qLast) {
    private static final int MR = GemmMicroKernel.MR;
    private static final int NR = GemmMicroKernel.NR;

    /** First panel column of panel row ir in this task. */
    int from(int ir) {
        return ir == r0 ? qFirst : q0;
    }

    /** End (exclusive) panel column of panel row ir in this task. */
    int to(int ir) {
        return ir == r1 - 1 ? qLast : q1;
    }

    /** The block work on this task's part of C, as at most three rectangles: first row, middle rows, last row. */
    void forEachBlock(int m, int n, Gemm.BlockOp op) {
        if (r1 - r0 == 1) {
            rect(m, n, op, r0, r1, qFirst, qLast);
            return;
        }
        rect(m, n, op, r0, r0 + 1, qFirst, q1);
        rect(m, n, op, r0 + 1, r1 - 1, q0, q1);
        rect(m, n, op, r1 - 1, r1, q0, qLast);
    }

    private static void rect(int m, int n, Gemm.BlockOp op, int ra, int rb, int qa, int qb) {
        if (ra < rb && qa < qb) {
            op.apply(ra * MR, Math.min(m, rb * MR), qa * NR, Math.min(n, qb * NR));
        }
    }
}
