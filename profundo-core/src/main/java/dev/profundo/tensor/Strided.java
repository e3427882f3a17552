package dev.profundo.tensor;

import dev.profundo.kernels.Parallel;

/**
 * Walks an n-d index space over up to three strided operands one innermost row at a time, after
 * merging dimensions that are laid out back to back (so a contiguous tensor is a single row).
 * Elementwise ops, copies and broadcasts are built on it; the per-element work stays in tight
 * loops inside each row.
 */
final class Strided {
    /** Work on one row: start offsets of the operands and the row length. */
    @FunctionalInterface
    interface Rows {
        void row(int o0, int o1, int o2, int len);
    }

    /** A collapsed iteration: outer dims (all but the last) and each operand's strides. */
    static final class Plan {
        final int[] shape;
        final int[] s0, s1, s2;
        final int len, inner0, inner1, inner2, rows;

        Plan(int[] shape, int[] s0, int[] s1, int[] s2) {
            this.shape = shape;
            this.s0 = s0;
            this.s1 = s1;
            this.s2 = s2;
            int r = shape.length;
            this.len = r == 0 ? 1 : shape[r - 1];
            this.inner0 = r == 0 ? 1 : s0[r - 1];
            this.inner1 = r == 0 ? 1 : s1[r - 1];
            this.inner2 = r == 0 ? 1 : s2[r - 1];
            int n = 1;
            for (int i = 0; i < r - 1; i++) n *= shape[i];
            this.rows = n;
        }
    }

    private Strided() {}

    /** Plans an iteration over {@code shape}; null stride arrays stand for unused operands. */
    static Plan plan(int[] shape, int[] s0, int[] s1, int[] s2) {
        int r = shape.length;
        int[] z = new int[r];
        if (s1 == null) s1 = z;
        if (s2 == null) s2 = z;
        // Drop size-1 dims, then merge dim i into i+1 where every operand is back to back.
        int[] sh = new int[r], a = new int[r], b = new int[r], c = new int[r];
        int k = 0;
        for (int i = 0; i < r; i++) {
            if (shape[i] == 1) continue;
            if (k > 0 && a[k - 1] == s0[i] * shape[i] && b[k - 1] == s1[i] * shape[i] && c[k - 1] == s2[i] * shape[i]) {
                sh[k - 1] *= shape[i];
                a[k - 1] = s0[i];
                b[k - 1] = s1[i];
                c[k - 1] = s2[i];
                continue;
            }
            sh[k] = shape[i];
            a[k] = s0[i];
            b[k] = s1[i];
            c[k] = s2[i];
            k++;
        }
        if (Shape.numel(shape) == 0) return new Plan(new int[] {0}, new int[] {1}, new int[] {1}, new int[] {1});
        if (k == 0) return new Plan(new int[] {1}, new int[] {1}, new int[] {1}, new int[] {1});
        return new Plan(java.util.Arrays.copyOf(sh, k), java.util.Arrays.copyOf(a, k),
                java.util.Arrays.copyOf(b, k), java.util.Arrays.copyOf(c, k));
    }

    /**
     * Runs every row of the plan, in parallel for large work. A single long row (same-shape contiguous
     * operands collapse to one) is cut into pieces instead: each piece is a shorter row at its own offsets.
     */
    static void run(Plan p, int off0, int off1, int off2, Rows body) {
        if (p.len == 0 || p.rows == 0) return;
        long work = (long) p.rows * p.len;
        if (work < 1 << 16) {
            runRange(p, 0, p.rows, off0, off1, off2, body);
        } else if (p.rows == 1) {
            Parallel.forRange(p.len, 1 << 15, (start, end) ->
                    body.row(off0 + start * p.inner0, off1 + start * p.inner1, off2 + start * p.inner2, end - start));
        } else {
            int grain = Math.max(1, (1 << 15) / Math.max(p.len, 1));
            Parallel.forRange(p.rows, grain, (start, end) -> runRange(p, start, end, off0, off1, off2, body));
        }
    }

    private static void runRange(Plan p, int start, int end, int off0, int off1, int off2, Rows body) {
        int outer = p.shape.length - 1;
        int[] idx = new int[Math.max(outer, 0)];
        int o0 = off0, o1 = off1, o2 = off2;
        int rem = start;
        for (int d = outer - 1; d >= 0; d--) {
            idx[d] = rem % p.shape[d];
            rem /= p.shape[d];
            o0 += idx[d] * p.s0[d];
            o1 += idx[d] * p.s1[d];
            o2 += idx[d] * p.s2[d];
        }
        for (int row = start; row < end; row++) {
            body.row(o0, o1, o2, p.len);
            for (int d = outer - 1; d >= 0; d--) {
                if (++idx[d] < p.shape[d]) {
                    o0 += p.s0[d];
                    o1 += p.s1[d];
                    o2 += p.s2[d];
                    break;
                }
                o0 -= (p.shape[d] - 1) * p.s0[d];
                o1 -= (p.shape[d] - 1) * p.s1[d];
                o2 -= (p.shape[d] - 1) * p.s2[d];
                idx[d] = 0;
            }
        }
    }

    /** Strides of {@code t} aligned to a (broadcast) output shape: 0 along broadcast dims. */
    static int[] broadcastStrides(Tensor t, int[] outShape) {
        int r = outShape.length, tr = t.shape.length;
        int[] s = new int[r];
        for (int i = 0; i < tr; i++) {
            int o = i + r - tr;
            s[o] = t.shape[i] == 1 && outShape[o] != 1 ? 0 : t.strides[i];
        }
        return s;
    }
}
