package dev.profundo.nn;

import dev.profundo.kernels.PanelProduct;
import dev.profundo.kernels.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * 3x3 stride-1 convolution by Winograd's minimal filtering F(2x2, 3x3) (Lavin and Gray, 2015): every 2x2
 * block of outputs comes from a 4x4 tile of the input, and in the transformed domain the 9 multiply-adds
 * per output and channel pair become 16 per 4 outputs, 2.25 times fewer. The products become 16
 * independent GEMMs, one per transformed position: M[xi] (cOut x tiles) = U[xi] (cOut x cIn) times
 * V[xi] (cIn x tiles), where
 * <pre>
 *   U = G g G^T     (the 3x3 kernel g, transformed once per call)
 *   V = B^T d B     (each 4x4 input tile d)
 *   Y = A^T M A     (each 2x2 output block)
 * </pre>
 * The transforms only add and subtract (G holds halves), so rounding stays close to the direct sum;
 * {@code ConvPathEquivalenceTest} bounds the difference.
 *
 * <p>Tiles are numbered like {@link ConvDirect}'s flat outputs on the padded width: the input is split
 * into its four phase planes (even/odd rows by even/odd columns, {@code wq = tilesW + 1} wide), and tile
 * (i, j) at flat position f = i * wq + j reads phase (r % 2, s % 2) at f + (r / 2) * wq + s / 2 for its
 * element (r, s). Consecutive tiles therefore read consecutive floats, 16 tiles per vector. Column
 * j = tilesW is computed and dropped.
 *
 * <p>The input gradient of a stride-1 convolution is the same correlation run on the output gradient
 * with transposed, flipped weights, so one kernel serves both.
 */
final class ConvWinograd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Positions of a transformed 4x4 tile. */
    static final int XI = 16;
    /** Target floats of one block's transformed input (16 x channels x tiles): about 1 MiB, the size of L2. */
    private static final int BLOCK_FLOATS = 1 << 18;
    /**
     * Floats between the 16 transformed planes of a block, so that the 16 streams a transform reads or
     * writes at once do not start 2^k bytes apart and fight over the same cache sets.
     */
    static final int SKEW = 4 * 16;
    /**
     * Fewer channels than this on either side leave the products too small to repay the transforms: at 16
     * channels (the resnet's 28x28 stage) the direct kernel measured faster, 3.5 vs 4.8 ms forward at batch 128.
     */
    static final int MIN_CHANNELS = 32;

    /**
     * Fewer output positions than this in the batch leave too little work to repay transforming the weights
     * (16 x cout x cin values per call): at batch 1 the direct kernel measured faster, 44 vs 61 us for the
     * CNN's 32->64 layer at 14x14 and 143 vs 295 us for 128 channels at 7x7 (2 threads). Tests lower it to
     * drive small shapes through this path.
     */
    static volatile int minPositions = 2048;

    /** Whether supported shapes take this path (tests and benchmarks turn it off to compare). */
    static volatile boolean enabled = true;

    private ConvWinograd() {}

    /**
     * Whether g is a 3x3, stride-1, undilated, ungrouped convolution this path handles: padding at most 2
     * (so the input gradient's padding 2 - pad is valid), enough channels, an output of at least 2x2, and
     * enough images for the weight transform to pay.
     */
    static boolean supports(ConvGeometry g) {
        return enabled && g.groups() == 1 && g.kh() == 3 && g.kw() == 3 && g.strideH() == 1 && g.strideW() == 1
                && g.dilH() == 1 && g.dilW() == 1 && g.padH() <= 2 && g.padW() <= 2
                && g.cin() >= MIN_CHANNELS && g.cout() >= MIN_CHANNELS && g.outH() >= 2 && g.outW() >= 2
                && (long) g.n() * g.outHW() >= minPositions;
    }

    /** out[n, cout, outH, outW] = conv(x, w) + b; out is overwritten, b may be null. */
    static void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] b, int bOff, float[] out) {
        Tiles t = Tiles.of(g.cin(), g.h(), g.w(), g.padH(), g.padW(), g.cout());
        float[] u = ConvScratch.get().transformedWeights(XI * padRows(g.cout()) * g.cin());
        transformWeights(w, wOff, g.cout(), g.cin(), false, u);
        run(t, g.n(), x, xOff, u, b, bOff, out, null, false);
    }

    /**
     * The forward followed by a 2x2 stride-2 max pool, without the full-size output: pooled [n, cout, outH/2,
     * outW/2] gets the largest of each tile's four outputs (a tile's 2x2 block is exactly a pooling window),
     * with max pooling's rule (the first of equals in row-major order wins, and NaN wins), and codes (may be
     * null) which one: 0..3, row-major. b may be null.
     */
    static void forwardPooled(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] b, int bOff,
                              float[] pooled, float[] codes) {
        Tiles t = Tiles.of(g.cin(), g.h(), g.w(), g.padH(), g.padW(), g.cout());
        float[] u = ConvScratch.get().transformedWeights(XI * padRows(g.cout()) * g.cin());
        transformWeights(w, wOff, g.cout(), g.cin(), false, u);
        run(t, g.n(), x, xOff, u, b, bOff, pooled, codes, true);
    }

    /** gx[n, cin, h, w] = the input gradient of g from gy[n, cout, outH, outW]; gx is overwritten. */
    static void inputGrad(ConvGeometry g, float[] w, int wOff, float[] gy, int gyOff, float[] gx) {
        Tiles t = Tiles.of(g.cout(), g.outH(), g.outW(), 2 - g.padH(), 2 - g.padW(), g.cin());
        float[] u = ConvScratch.get().transformedWeights(XI * padRows(g.cin()) * g.cout());
        transformWeights(w, wOff, g.cout(), g.cin(), true, u);
        run(t, g.n(), gy, gyOff, u, null, 0, gx, null, false);
    }

    /**
     * The tiling of one correlation: cIn planes h x w padded by (padH, padW), a 3x3 kernel, cOut output
     * planes outH x outW, covered by tilesH x tilesW tiles of 2x2 outputs; perImage flat tiles per image
     * (the dropped column included), images per block.
     */
    record Tiles(ConvDirect.Plan phases, int cIn, int cOut, int outH, int outW, int tilesH, int tilesW,
                         int wq, int perImage, int imagesPerBlock) {
        static Tiles of(int cIn, int h, int w, int padH, int padW, int cOut) {
            // Split into phases as for a stride-2 convolution: planes of (tilesH + 1) x (tilesW + 1).
            ConvDirect.Plan phases = ConvDirect.Plan.of(cIn, h, w, padH, padW, 3, 3, 2);
            int outH = h + 2 * padH - 2, outW = w + 2 * padW - 2;
            int tilesH = (outH + 1) / 2, tilesW = (outW + 1) / 2, wq = phases.wp();
            int perImage = tilesH * wq;
            int images = Math.max(1, BLOCK_FLOATS / (XI * Math.max(cIn, cOut) * perImage));
            return new Tiles(phases, cIn, cOut, outH, outW, tilesH, tilesW, wq, perImage, images);
        }

        /** Row length of the transformed blocks: room for the last vector of the last image. */
        int rowLength(int images) { return (images * perImage + L - 1) / L * L + L; }
    }

    /**
     * The batch in blocks of images, spread over the cores; each block is transformed, multiplied, transformed
     * back into dst, or with {@code pool} max-pooled into dst and codes (see {@link #forwardPooled}).
     */
    private static void run(Tiles t, int n, float[] src, int srcOff, float[] u, float[] bias, int bOff, float[] dst,
                            float[] codes, boolean pool) {
        int per = t.imagesPerBlock(), blocks = (n + per - 1) / per;
        int srcImage = t.cIn() * t.phases().h() * t.phases().w();
        int dstImage = pool ? t.cOut() * (t.outH() / 2) * (t.outW() / 2) : t.cOut() * t.outH() * t.outW();
        int ld = t.rowLength(per), rows = padRows(t.cOut()), vXi = t.cIn() * ld + SKEW, mXi = rows * ld + SKEW;
        int weightsPerXi = rows * t.cIn();
        Parallel.RangeBody body = (s, e) -> {
            ConvScratch scratch = ConvScratch.get();
            float[] padded = scratch.padded(t.phases().paddedSize());
            float[] v = scratch.streamed(XI * vXi);
            float[] m = scratch.products(XI * mXi);
            float[] staged = scratch.staging(4 * ld);   // two row sets of 2 * ld
            for (int blk = s; blk < e; blk++) {
                int i0 = blk * per, images = Math.min(per, n - i0);
                for (int i = 0; i < images; i++) {
                    ConvDirect.pad(t.phases(), src, srcOff + (i0 + i) * srcImage, padded, 0);
                    transformInput(t, padded, v, ld, vXi, i * t.perImage());
                }
                int colPanels = (images * t.perImage() + PanelProduct.COLS - 1) / PanelProduct.COLS;
                for (int xi = 0; xi < XI; xi++)
                    PanelProduct.multiply(rows / PanelProduct.ROWS, colPanels, t.cIn(), u, xi * weightsPerXi,
                            v, xi * vXi, ld, m, xi * mXi, ld);
                for (int i = 0; i < images; i++)
                    transformOutput(t, m, ld, mXi, i * t.perImage(), bias, bOff, dst, (i0 + i) * dstImage, staged, pool, codes);
            }
        };
        if (blocks > 1 && Parallel.threads() > 1) Parallel.forRange(blocks, 1, body);
        else body.run(0, blocks);
    }

    /** Rows of U and M: whole tiles of the panel product. */
    private static int padRows(int rows) {
        return (rows + PanelProduct.ROWS - 1) / PanelProduct.ROWS * PanelProduct.ROWS;
    }

    /**
     * U[xi] = (G g G^T)[xi] for the kernel g of each (row, col) pair, packed for {@link PanelProduct} with
     * depth cols (rows past the last are zero): g = w[row, col] normally, and for the input
     * gradient g = w[col, row] flipped in both axes (rows are then input channels).
     */
    static void transformWeights(float[] w, int wOff, int cout, int cin, boolean transposeFlip, float[] u) {
        int rows = transposeFlip ? cin : cout, cols = transposeFlip ? cout : cin, plane = padRows(rows) * cols;
        // The padding rows' panel slots stay zero; every other slot is written below, split by whole panels:
        // rows of one panel are neighbours in memory, and two threads writing one panel's cache lines ran
        // slower than one thread alone.
        for (int xi = 0; xi < XI; xi++)
            for (int r = rows; r < padRows(rows); r++)
                for (int c = 0; c < cols; c++) u[xi * plane + PanelProduct.packedIndex(r, c, cols)] = 0f;
        int rp = PanelProduct.ROWS;
        Parallel.forRange(padRows(rows) / rp, 1, (p0, p1) ->
                transformWeightRows(w, wOff, cin, transposeFlip, u, p0 * rp, Math.min(rows, p1 * rp), cols, plane));
    }

    /** The rows [r0, r1) of {@link #transformWeights}. */
    private static void transformWeightRows(float[] w, int wOff, int cin, boolean transposeFlip, float[] u, int r0,
                                            int r1, int cols, int plane) {
        float[] g = new float[9];
        float[] tmp = new float[12];
        for (int r = r0; r < r1; r++)
            for (int c = 0; c < cols; c++) {
                int base = wOff + (transposeFlip ? (c * cin + r) : (r * cin + c)) * 9;
                for (int k = 0; k < 9; k++) g[k] = w[base + (transposeFlip ? 8 - k : k)];
                // tmp = G g (4 x 3), G = [[1, 0, 0], [1/2, 1/2, 1/2], [1/2, -1/2, 1/2], [0, 0, 1]].
                for (int j = 0; j < 3; j++) {
                    float g0 = g[j], g1 = g[3 + j], g2 = g[6 + j];
                    tmp[j] = g0;
                    tmp[3 + j] = 0.5f * (g0 + g1 + g2);
                    tmp[6 + j] = 0.5f * (g0 - g1 + g2);
                    tmp[9 + j] = g2;
                }
                // U = tmp G^T (4 x 4).
                int at = PanelProduct.packedIndex(r, c, cols);
                for (int i = 0; i < 4; i++) {
                    float t0 = tmp[3 * i], t1 = tmp[3 * i + 1], t2 = tmp[3 * i + 2];
                    u[(4 * i) * plane + at] = t0;
                    u[(4 * i + 1) * plane + at] = 0.5f * (t0 + t1 + t2);
                    u[(4 * i + 2) * plane + at] = 0.5f * (t0 - t1 + t2);
                    u[(4 * i + 3) * plane + at] = t2;
                }
            }
    }

    /**
     * V[xi][c][col0 + f] = (B^T d B)[xi] (planes xi rowStride apart, rows ld) for the tiles f of one padded image, B^T = [[1, 0, -1, 0],
     * [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]]. Whole vectors are stored: the last one spills into the
     * next image's columns (written after) or the row's slack.
     */
    private static void transformInput(Tiles t, float[] xp, float[] v, int ld, int rowStride, int col0) {
        int wq = t.wq(), plane = t.phases().planeP(), channel = t.phases().channelSize();
        for (int c = 0; c < t.cIn(); c++) {
            int ee = c * channel, eo = ee + plane, oe = ee + 2 * plane, oo = ee + 3 * plane;
            int out = c * ld + col0;
            for (int f = 0; f < t.perImage(); f += L)
                transformTile(xp, ee + f, eo + f, oe + f, oo + f, 1, wq, v, out + f, rowStride);
        }
    }

    /**
     * B^T d B for one vector of tiles, stored as 16 vectors xiStride apart from v[o]. Element (r, s) of the
     * tiles is read from phase (r % 2, s % 2), whose first element is at ee, eo, oe or oo, moved by
     * (r / 2) * down + (s / 2) * right: the planar layout steps 1 and the phase width, the channel-minor
     * layout of {@link ConvWinogradWeightGrad} the channel count and a row of those.
     */
    static void transformTile(float[] xp, int ee, int eo, int oe, int oo, int right, int down, float[] v, int o,
                              int xiStride) {
        FloatVector d00 = FloatVector.fromArray(S, xp, ee), d01 = FloatVector.fromArray(S, xp, eo);
        FloatVector d02 = FloatVector.fromArray(S, xp, ee + right), d03 = FloatVector.fromArray(S, xp, eo + right);
        FloatVector d10 = FloatVector.fromArray(S, xp, oe), d11 = FloatVector.fromArray(S, xp, oo);
        FloatVector d12 = FloatVector.fromArray(S, xp, oe + right), d13 = FloatVector.fromArray(S, xp, oo + right);
        FloatVector d20 = FloatVector.fromArray(S, xp, ee + down), d21 = FloatVector.fromArray(S, xp, eo + down);
        FloatVector d22 = FloatVector.fromArray(S, xp, ee + down + right), d23 = FloatVector.fromArray(S, xp, eo + down + right);
        FloatVector d30 = FloatVector.fromArray(S, xp, oe + down), d31 = FloatVector.fromArray(S, xp, oo + down);
        FloatVector d32 = FloatVector.fromArray(S, xp, oe + down + right), d33 = FloatVector.fromArray(S, xp, oo + down + right);
        // Columns first (d B), row by row ...
        FloatVector a00 = d00.sub(d02), a01 = d01.add(d02), a02 = d02.sub(d01), a03 = d01.sub(d03);
        FloatVector a10 = d10.sub(d12), a11 = d11.add(d12), a12 = d12.sub(d11), a13 = d11.sub(d13);
        FloatVector a20 = d20.sub(d22), a21 = d21.add(d22), a22 = d22.sub(d21), a23 = d21.sub(d23);
        FloatVector a30 = d30.sub(d32), a31 = d31.add(d32), a32 = d32.sub(d31), a33 = d31.sub(d33);
        // ... then rows (B^T (d B)).
        a00.sub(a20).intoArray(v, o);
        a01.sub(a21).intoArray(v, o + xiStride);
        a02.sub(a22).intoArray(v, o + 2 * xiStride);
        a03.sub(a23).intoArray(v, o + 3 * xiStride);
        a10.add(a20).intoArray(v, o + 4 * xiStride);
        a11.add(a21).intoArray(v, o + 5 * xiStride);
        a12.add(a22).intoArray(v, o + 6 * xiStride);
        a13.add(a23).intoArray(v, o + 7 * xiStride);
        a20.sub(a10).intoArray(v, o + 8 * xiStride);
        a21.sub(a11).intoArray(v, o + 9 * xiStride);
        a22.sub(a12).intoArray(v, o + 10 * xiStride);
        a23.sub(a13).intoArray(v, o + 11 * xiStride);
        a10.sub(a30).intoArray(v, o + 12 * xiStride);
        a11.sub(a31).intoArray(v, o + 13 * xiStride);
        a12.sub(a32).intoArray(v, o + 14 * xiStride);
        a13.sub(a33).intoArray(v, o + 15 * xiStride);
    }

    /** Lanes 0..L/2 of two vectors interleaved (a0 b0 a1 b1 ...), and lanes L/2..L likewise. */
    private static final VectorShuffle<Float> ZIP_LO = zip(0), ZIP_HI = zip(L / 2);

    private static VectorShuffle<Float> zip(int from) {
        int[] index = new int[L];
        for (int l = 0; l < L; l++) index[l] = from + l / 2 + (l % 2 == 1 ? L : 0);   // >= L: the second vector
        return VectorShuffle.fromArray(S, index, 0);
    }

    /**
     * One image's outputs from M: Y = A^T m A (+ bias) per tile, A^T = [[1, 1, 1, 0], [0, 1, -1, -1]],
     * computed 16 tiles at a time. Each tile's two output rows are interleaved in registers (columns 2j and
     * 2j + 1 side by side) into two staged row sets, which are then copied row by row into dst.
     *
     * <p>With {@code pool} the 2x2 max pool is folded in instead: each tile's four outputs are reduced to the
     * largest in max pooling's order (y00, y01, y10, y11; a later one wins if strictly larger, or NaN), which
     * one won goes to codes (0..3; codes may be null), and tile (i, j) becomes pooled output (i, j). A last
     * tile row or column that covers one output row or column is dropped, as max pooling's floor mode drops
     * it. The steps are written out: a helper method here would not be inlined (see docs/architecture.md).
     */
    private static void transformOutput(Tiles t, float[] m, int ld, int rowStride, int col0, float[] bias, int bOff,
                                        float[] dst, int dstOff, float[] staged, boolean pool, float[] codes) {
        int per = t.perImage(), wq = t.wq(), odd = 2 * ld;
        int outH = t.outH(), outW = t.outW(), outHW = outH * outW;
        FloatVector one = FloatVector.broadcast(S, 1f), two = FloatVector.broadcast(S, 2f), three = FloatVector.broadcast(S, 3f);
        for (int k = 0; k < t.cOut(); k++) {
            int in = k * ld + col0;
            FloatVector b = FloatVector.broadcast(S, bias == null ? 0f : bias[bOff + k]);
            for (int f = 0; f < per; f += L) {
                int o = in + f;
                FloatVector m00 = FloatVector.fromArray(S, m, o), m01 = FloatVector.fromArray(S, m, o + rowStride);
                FloatVector m02 = FloatVector.fromArray(S, m, o + 2 * rowStride), m03 = FloatVector.fromArray(S, m, o + 3 * rowStride);
                FloatVector m10 = FloatVector.fromArray(S, m, o + 4 * rowStride), m11 = FloatVector.fromArray(S, m, o + 5 * rowStride);
                FloatVector m12 = FloatVector.fromArray(S, m, o + 6 * rowStride), m13 = FloatVector.fromArray(S, m, o + 7 * rowStride);
                FloatVector m20 = FloatVector.fromArray(S, m, o + 8 * rowStride), m21 = FloatVector.fromArray(S, m, o + 9 * rowStride);
                FloatVector m22 = FloatVector.fromArray(S, m, o + 10 * rowStride), m23 = FloatVector.fromArray(S, m, o + 11 * rowStride);
                FloatVector m30 = FloatVector.fromArray(S, m, o + 12 * rowStride), m31 = FloatVector.fromArray(S, m, o + 13 * rowStride);
                FloatVector m32 = FloatVector.fromArray(S, m, o + 14 * rowStride), m33 = FloatVector.fromArray(S, m, o + 15 * rowStride);
                // Columns first (m A) ...
                FloatVector c00 = m00.add(m01).add(m02), c01 = m01.sub(m02).sub(m03);
                FloatVector c10 = m10.add(m11).add(m12), c11 = m11.sub(m12).sub(m13);
                FloatVector c20 = m20.add(m21).add(m22), c21 = m21.sub(m22).sub(m23);
                FloatVector c30 = m30.add(m31).add(m32), c31 = m31.sub(m32).sub(m33);
                // ... then rows (A^T (m A)): y[a][b] for the 16 tiles, output row 2i + a, column 2j + b.
                FloatVector y00 = c00.add(c10).add(c20).add(b), y01 = c01.add(c11).add(c21).add(b);
                FloatVector y10 = c10.sub(c20).sub(c30).add(b), y11 = c11.sub(c21).sub(c31).add(b);
                if (!pool) {
                    y00.rearrange(ZIP_LO, y01).intoArray(staged, 2 * f);
                    y00.rearrange(ZIP_HI, y01).intoArray(staged, 2 * f + L);
                    y10.rearrange(ZIP_LO, y11).intoArray(staged, odd + 2 * f);
                    y10.rearrange(ZIP_HI, y11).intoArray(staged, odd + 2 * f + L);
                    continue;
                }
                FloatVector best = y00, code = FloatVector.zero(S);
                VectorMask<Float> take = y01.compare(VectorOperators.GT, best).or(y01.compare(VectorOperators.NE, y01));
                best = best.blend(y01, take);
                code = code.blend(one, take);
                take = y10.compare(VectorOperators.GT, best).or(y10.compare(VectorOperators.NE, y10));
                best = best.blend(y10, take);
                code = code.blend(two, take);
                take = y11.compare(VectorOperators.GT, best).or(y11.compare(VectorOperators.NE, y11));
                best = best.blend(y11, take);
                code = code.blend(three, take);
                best.intoArray(staged, f);
                code.intoArray(staged, ld + f);
            }
            if (pool) {
                // Staged holds tile (i, j) at i * wq + j; what lies past the pooled width is dropped.
                int ph = outH / 2, pw = outW / 2, plane = dstOff + k * ph * pw;
                for (int i = 0; i < ph; i++) {
                    System.arraycopy(staged, i * wq, dst, plane + i * pw, pw);
                    if (codes != null) System.arraycopy(staged, ld + i * wq, codes, plane + i * pw, pw);
                }
                continue;
            }
            // Staged row set a holds output row 2i + a at 2 * i * wq; what lies past outW is dropped.
            int plane = dstOff + k * outHW;
            for (int y = 0; y < outH; y++)
                System.arraycopy(staged, (y & 1) * odd + (y >> 1) * 2 * wq, dst, plane + y * outW, outW);
        }
    }
}
