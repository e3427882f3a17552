package dev.profundo.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * A 16 x 16 float transpose in registers, for the GEMM packs that turn rows of a matrix into the
 * column-interleaved panel order (op(A) stored m x k, op(B) stored n x k). Sixteen row vectors are loaded,
 * swapped in four butterfly stages of two-vector permutes (stage h exchanges the h x h off-diagonal blocks
 * of each 2h x 2h block), and stored as sixteen column vectors. 64 permutes move 256 values. Packing an NT
 * B panel this way takes 0.17 ns per value against 0.31 for the scalar pack with the data in cache, and 0.20
 * against 0.31 streaming 1.6 MB (measured on the 2-core Zen 5 machine; there the pack is mostly waiting on
 * memory). Only for 512-bit vectors of floats; callers check {@link #USABLE}.
 */
final class Transpose16 {
    /** Whether the kernels' species has 16 float lanes, the only width this class handles. */
    static final boolean USABLE = Simd.LANES == 16;

    private static final VectorSpecies<Float> S = Simd.F;
    // Lane indices for selectFrom(first, second): 0-15 pick from the first vector, 16-31 from the second.
    private static final float[] STAGE8 = stage8();
    private static final FloatVector LO4 = index(4, false),
            HI4 = index(4, true), LO2 = index(2, false), HI2 = index(2, true), LO1 = index(1, false),
            HI1 = index(1, true);

    private Transpose16() {}

    /** The h = 8 permutations, low then high, as one array: the halves load theirs at offset 0 or 16. */
    private static float[] stage8() {
        float[] ix = new float[32];
        System.arraycopy(lanes(8, false), 0, ix, 0, 16);
        System.arraycopy(lanes(8, true), 0, ix, 16, 16);
        return ix;
    }

    private static FloatVector index(int h, boolean high) {
        return USABLE ? FloatVector.fromArray(S, lanes(h, high), 0) : null;
    }

    /**
     * The stage-h permutation of a pair of rows (i, i+h): the low result keeps the lanes of row i whose bit h
     * is clear and fills the others from row i+h (shifted down by h); the high result is its mirror.
     */
    private static float[] lanes(int h, boolean high) {
        float[] ix = new float[16];
        for (int l = 0; l < 16; l++) {
            boolean low = (l & h) == 0;
            ix[l] = high ? (low ? l + h : 16 + l) : (low ? l : 16 + l - h);
        }
        return ix;
    }

    /**
     * Writes {@code dst[d + c*ds + r] = scale * src[s + r*ls + c]} for c in [0, 16) and r in [0, rows), and
     * zero for the rows r in [rows, 16) (the pack's padding); rows must be 1 to 16. Each of the 16 stores
     * writes a whole vector: with ds < 16 a store runs into the next ones' slots, which later stores
     * overwrite, so the caller must leave 16 - ds floats of room after the last one.
     */
    static void transpose(float[] src, int s, int ls, int rows, float scale, float[] dst, int d, int ds) {
        // After the first stage the two halves of the rows never meet again, so each half is its own call: a
        // method half this size still compiles in C1 (the whole one ran out of C1's virtual registers and ran
        // interpreted, boxing every vector, until C2 took it).
        half(src, s, ls, rows, scale, 0, dst, d, ds);
        half(src, s, ls, rows, scale, 16, dst, d + 8 * ds, ds);
    }

    /**
     * Output columns [8*hi/16, +8): the first stage keeps the low (hi = 0) or high (hi = 16) result of each row
     * pair (i, i+8), then the h = 4, 2, 1 stages run among those eight vectors. There is no branch on rows or
     * scale: rows past the last real one load the last one again and their lanes are zeroed at the end, so a
     * partial panel or an alpha never meets code the JIT compiled away (a deoptimisation drops the vector
     * code to the interpreter, ~100x slower, until it is compiled again).
     */
    private static void half(float[] src, int s, int ls, int rows, float scale, int hi, float[] dst, int d, int ds) {
        int last = rows - 1;
        FloatVector i8 = FloatVector.fromArray(S, STAGE8, hi);
        FloatVector r0 = i8.selectFrom(FloatVector.fromArray(S, src, s),
                FloatVector.fromArray(S, src, s + Math.min(8, last) * ls));
        FloatVector r1 = i8.selectFrom(FloatVector.fromArray(S, src, s + Math.min(1, last) * ls),
                FloatVector.fromArray(S, src, s + Math.min(9, last) * ls));
        FloatVector r2 = i8.selectFrom(FloatVector.fromArray(S, src, s + Math.min(2, last) * ls),
                FloatVector.fromArray(S, src, s + Math.min(10, last) * ls));
        FloatVector r3 = i8.selectFrom(FloatVector.fromArray(S, src, s + Math.min(3, last) * ls),
                FloatVector.fromArray(S, src, s + Math.min(11, last) * ls));
        FloatVector r4 = i8.selectFrom(FloatVector.fromArray(S, src, s + Math.min(4, last) * ls),
                FloatVector.fromArray(S, src, s + Math.min(12, last) * ls));
        FloatVector r5 = i8.selectFrom(FloatVector.fromArray(S, src, s + Math.min(5, last) * ls),
                FloatVector.fromArray(S, src, s + Math.min(13, last) * ls));
        FloatVector r6 = i8.selectFrom(FloatVector.fromArray(S, src, s + Math.min(6, last) * ls),
                FloatVector.fromArray(S, src, s + Math.min(14, last) * ls));
        FloatVector r7 = i8.selectFrom(FloatVector.fromArray(S, src, s + Math.min(7, last) * ls),
                FloatVector.fromArray(S, src, s + Math.min(15, last) * ls));
        FloatVector t;
        // h = 4
        t = LO4.selectFrom(r0, r4); r4 = HI4.selectFrom(r0, r4); r0 = t;
        t = LO4.selectFrom(r1, r5); r5 = HI4.selectFrom(r1, r5); r1 = t;
        t = LO4.selectFrom(r2, r6); r6 = HI4.selectFrom(r2, r6); r2 = t;
        t = LO4.selectFrom(r3, r7); r7 = HI4.selectFrom(r3, r7); r3 = t;
        // h = 2
        t = LO2.selectFrom(r0, r2); r2 = HI2.selectFrom(r0, r2); r0 = t;
        t = LO2.selectFrom(r1, r3); r3 = HI2.selectFrom(r1, r3); r1 = t;
        t = LO2.selectFrom(r4, r6); r6 = HI2.selectFrom(r4, r6); r4 = t;
        t = LO2.selectFrom(r5, r7); r7 = HI2.selectFrom(r5, r7); r5 = t;
        // h = 1
        t = LO1.selectFrom(r0, r1); r1 = HI1.selectFrom(r0, r1); r0 = t;
        t = LO1.selectFrom(r2, r3); r3 = HI1.selectFrom(r2, r3); r2 = t;
        t = LO1.selectFrom(r4, r5); r5 = HI1.selectFrom(r4, r5); r4 = t;
        t = LO1.selectFrom(r6, r7); r7 = HI1.selectFrom(r6, r7); r6 = t;
        // Lane r of each column vector holds row r: scale the real rows, zero the padding exactly.
        FloatVector f = FloatVector.broadcast(S, scale);
        VectorMask<Float> pad = S.indexInRange(0, rows).not();
        r0 = r0.mul(f).blend(0f, pad); r1 = r1.mul(f).blend(0f, pad);
        r2 = r2.mul(f).blend(0f, pad); r3 = r3.mul(f).blend(0f, pad);
        r4 = r4.mul(f).blend(0f, pad); r5 = r5.mul(f).blend(0f, pad);
        r6 = r6.mul(f).blend(0f, pad); r7 = r7.mul(f).blend(0f, pad);
        r0.intoArray(dst, d); r1.intoArray(dst, d + ds); r2.intoArray(dst, d + 2 * ds);
        r3.intoArray(dst, d + 3 * ds); r4.intoArray(dst, d + 4 * ds); r5.intoArray(dst, d + 5 * ds);
        r6.intoArray(dst, d + 6 * ds); r7.intoArray(dst, d + 7 * ds);
    }
}
