package dev.profundo.tensor;

import dev.profundo.kernels.Parallel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Same-shape contiguous operands collapse into one long row, which is cut into pieces run in parallel:
 * every element must come out as if the row ran whole, with offset views and scalar broadcasts too.
 */
class LongRowParallelTest {
    private static final int N = 300_001;   // odd, and far above the parallel threshold

    @Test
    void longRowsGiveEveryElementOnTwoThreads() {
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(2);
            Tensor.manualSeed(5);
            Tensor a = Tensor.randn(N + 3), b = Tensor.randn(N);
            Tensor view = a.slice(0, 3, N + 3);                     // non-zero offset into a's storage
            float[] av = a.toFloatArray(), bv = b.toFloatArray();
            float[] sum = view.add(b).toFloatArray();
            float[] scaled = view.mul(Tensor.scalar(2.5)).toFloatArray();
            float[] copy = view.contiguous().toFloatArray();
            for (int i = 0; i < N; i++) {
                assertEquals(av[i + 3] + bv[i], sum[i], 0f, "add at " + i);
                assertEquals(av[i + 3] * 2.5f, scaled[i], 0f, "scalar mul at " + i);
                assertEquals(av[i + 3], copy[i], 0f, "copy at " + i);
            }
        } finally {
            Parallel.setThreads(threads);
        }
    }
}
