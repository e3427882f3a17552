package dev.profundo.nn;

import dev.profundo.kernels.Parallel;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The direct convolution path agrees with im2col + GEMM, and gives the same bits on 1 and 2 threads. */
class ConvPathEquivalenceTest {

    private record Result(float[] y, float[] gx, float[] gw, float[] gb) {}

    private static Result run(int n, int cin, int cout, int h, int w, int k, int pad, int stride, long seed) {
        Tensor.manualSeed(seed);
        Tensor x = Tensor.randn(n, cin, h, w).requiresGrad(true);
        Tensor wt = Tensor.randn(cout, cin, k, k).mul(0.3).requiresGrad(true);
        Tensor b = Tensor.randn(cout).requiresGrad(true);
        Tensor g = Tensor.randn(n, cout, (h + 2 * pad - k) / stride + 1, (w + 2 * pad - k) / stride + 1);
        Tensor y = F.conv2d(x, wt, b, stride, pad);
        y.backward(g);
        return new Result(y.toFloatArray(), x.grad().toFloatArray(), wt.grad().toFloatArray(), b.grad().toFloatArray());
    }

    /** The output and all three gradients of two paths agree. */
    private static void assertAgree(Result expected, Result actual) {
        assertClose(expected.y, actual.y, "output");
        assertClose(expected.gx, actual.gx, "grad input");
        assertClose(expected.gw, actual.gw, "grad weight");
        assertClose(expected.gb, actual.gb, "grad bias");
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++)
            assertEquals(expected[i], actual[i], 1e-4f * Math.max(1f, Math.abs(expected[i])), what + " [" + i + "]");
    }

    @ParameterizedTest
    @CsvSource({"2,1,32,28,28,3,1", "3,5,7,9,13,3,1", "1,4,6,8,5,3,0", "2,3,17,6,6,5,2", "2,32,64,14,14,3,1", "1,2,3,1,40,1,0",
        "3,20,18,7,7,3,1", "2,8,6,9,11,5,2", "5,6,4,28,28,3,1"})
    void directAndIm2colPathsAgree(int n, int cin, int cout, int h, int w, int k, int pad) {
        pathsAgree(n, cin, cout, h, w, k, pad, 1);
    }

    private static void pathsAgree(int n, int cin, int cout, int h, int w, int k, int pad, int stride) {
        Result direct, lowered;
        try {
            ConvKernel.direct = true;
            direct = run(n, cin, cout, h, w, k, pad, stride, 17);
            ConvKernel.direct = false;
            lowered = run(n, cin, cout, h, w, k, pad, stride, 17);
        } finally {
            ConvKernel.direct = true;
        }
        assertAgree(lowered, direct);
    }

    @ParameterizedTest
    @CsvSource({"2,32,64,28,28,3,1", "3,64,64,14,14,3,1", "2,128,128,7,7,3,1", "3,32,40,9,13,3,1", "2,32,33,8,5,3,0",
        "2,33,32,6,7,3,2", "17,32,36,4,4,3,1", "2,40,32,4,5,3,0", "1,32,32,4,4,3,0"})
    void winogradAndDirectPathsAgree(int n, int cin, int cout, int h, int w, int k, int pad) {
        var geometry = ConvGeometry.of(new int[] {n, cin, h, w}, new int[] {cout, cin, k, k}, null, 1, 1, pad, pad, 1, 1, 1);
        ConvWinograd.minPositions = 0;                    // small test batches through the Winograd path
        try {
            winogradAgreesWithDirect(n, cin, cout, h, w, k, pad, geometry);
        } finally {
            ConvWinograd.minPositions = 2048;
        }
    }

    private static void winogradAgreesWithDirect(int n, int cin, int cout, int h, int w, int k, int pad,
                                                 ConvGeometry geometry) {
        assertTrue(ConvWinograd.supports(geometry), "the shape takes the Winograd path");
        if (cin % 16 == 0 && cout % 16 == 0)
            assertTrue(ConvWinogradWeightGrad.supports(geometry), "the weight gradient takes the Winograd path too");
        Result winograd, direct;
        try {
            ConvWinograd.enabled = true;
            winograd = run(n, cin, cout, h, w, k, pad, 1, 23);
            ConvWinograd.enabled = false;
            direct = run(n, cin, cout, h, w, k, pad, 1, 23);
        } finally {
            ConvWinograd.enabled = true;
        }
        assertAgree(direct, winograd);
    }

    @org.junit.jupiter.api.Test
    void aSingleSmallImageStaysOnTheDirectPath() {
        // Transforming the weights costs more than Winograd saves on one 14x14 image (inference).
        var one = ConvGeometry.of(new int[] {1, 64, 14, 14}, new int[] {64, 64, 3, 3}, null, 1, 1, 1, 1, 1, 1, 1);
        var batch = ConvGeometry.of(new int[] {32, 64, 14, 14}, new int[] {64, 64, 3, 3}, null, 1, 1, 1, 1, 1, 1, 1);
        assertTrue(!ConvWinograd.supports(one) && ConvWinograd.supports(batch), "batch 1 direct, batch 32 Winograd");
    }

    @ParameterizedTest
    @CsvSource({"2,16,64,28,28,3,1,2", "3,64,128,14,14,3,1,2", "2,16,12,9,11,3,0,2", "3,32,20,13,10,5,2,1",
        "2,16,8,10,9,2,0,2", "2,48,40,7,6,3,1,1"})
    void patchWeightGradientAgreesWithIm2col(int n, int cin, int cout, int h, int w, int k, int pad, int stride) {
        var geometry = ConvGeometry.of(new int[] {n, cin, h, w}, new int[] {cout, cin, k, k}, null, stride, stride, pad, pad, 1, 1, 1);
        assertTrue(ConvPatchWeightGrad.supports(geometry), "the shape takes the patch weight gradient");
        pathsAgree(n, cin, cout, h, w, k, pad, stride);
    }

    @ParameterizedTest
    @CsvSource({"2,16,64,28,28,3,1", "3,5,7,9,13,3,1", "2,3,6,8,5,3,0", "2,4,8,11,10,1,0", "2,3,9,7,7,5,2",
        "3,40,12,14,14,3,1", "2,6,5,12,9,2,1", "2,6,5,10,7,4,1", "1,3,4,5,6,3,2", "2,64,128,14,14,3,1"})
    void directAndIm2colPathsAgreeAtStride2(int n, int cin, int cout, int h, int w, int k, int pad) {
        pathsAgree(n, cin, cout, h, w, k, pad, 2);
    }

    @org.junit.jupiter.api.Test
    void aStrideTwoPointwiseWeightGradientSumsTheSubsampledPixels() {
        // The resnet's shortcut shape (16 -> 64 channels, 1x1, stride 2) at a small batch: gw[co, ci] is the sum
        // over images and output positions of gy[n, co, oh, ow] * x[n, ci, 2 oh, 2 ow].
        int n = 3, cin = 16, cout = 64, h = 9, w = 8, oh = 5, ow = 4;
        Tensor.manualSeed(11);
        Tensor x = Tensor.randn(n, cin, h, w);
        Tensor wt = Tensor.randn(cout, cin, 1, 1).requiresGrad(true);
        Tensor g = Tensor.randn(n, cout, oh, ow);
        F.conv2d(x, wt, null, 2, 0).backward(g);
        float[] xv = x.toFloatArray(), gv = g.toFloatArray(), gw = wt.grad().toFloatArray();
        for (int co = 0; co < cout; co++)
            for (int ci = 0; ci < cin; ci++) {
                double sum = 0;
                for (int i = 0; i < n; i++)
                    for (int r = 0; r < oh; r++)
                        for (int c = 0; c < ow; c++)
                            sum += (double) gv[((i * cout + co) * oh + r) * ow + c] * xv[((i * cin + ci) * h + 2 * r) * w + 2 * c];
                assertEquals(sum, gw[co * cin + ci], 1e-4 * Math.max(1, Math.abs(sum)), "gw[" + co + ", " + ci + "]");
            }
    }

    @ParameterizedTest
    @CsvSource({"3,40,16,14,14,3,1", "5,6,8,28,28,3,1", "17,16,32,14,14,3,1"})
    void sameBitsOnOneAndTwoThreadsAtStride2(int n, int cin, int cout, int h, int w, int k, int pad) {
        sameBits(n, cin, cout, h, w, k, pad, 2);
    }

    @ParameterizedTest
    @CsvSource({"4,1,32,28,28,3,1", "3,8,16,14,14,3,1", "1,32,64,14,14,3,1", "9,40,12,7,7,3,1", "5,6,8,28,28,3,1",
        "19,64,64,14,14,3,1", "40,32,32,9,9,3,1"})
    void sameBitsOnOneAndTwoThreads(int n, int cin, int cout, int h, int w, int k, int pad) {
        sameBits(n, cin, cout, h, w, k, pad, 1);
    }

    private static void sameBits(int n, int cin, int cout, int h, int w, int k, int pad, int stride) {
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Result one = run(n, cin, cout, h, w, k, pad, stride, 3);
            Parallel.setThreads(2);
            Result two = run(n, cin, cout, h, w, k, pad, stride, 3);
            assertEquals(0, java.util.Arrays.compare(one.y, two.y), "output bits");
            assertEquals(0, java.util.Arrays.compare(one.gx, two.gx), "grad input bits");
            assertEquals(0, java.util.Arrays.compare(one.gw, two.gw), "grad weight bits");
            assertEquals(0, java.util.Arrays.compare(one.gb, two.gb), "grad bias bits");
        } finally {
            Parallel.setThreads(threads);
        }
    }
}
