package dev.profundo.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.profundo.kernels.Parallel;
import dev.profundo.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The optimizers update all parameters in one pass split across the threads, cutting chunks at parameter
 * boundaries: the values must be those of one thread, parameter by parameter, whatever the sizes.
 */
class OnePassUpdateTest {
    // An MLP's parameters (a 200k weight and its bias, ...), a parameter without a gradient, odd sizes that put
    // chunk boundaries inside parameters and inside the vector loops.
    private static final int[] SIZES = {200_704, 256, 32_768, 128, 1_280, 10, 70_001, 3, 65_536};

    private static List<Tensor> params() {
        Tensor.manualSeed(11);
        List<Tensor> ps = new ArrayList<>();
        for (int n : SIZES) ps.add(Tensor.randn(n).requiresGrad(true));
        return ps;
    }

    private static float[][] run(int threads, Function<List<Tensor>, Optimizer> make) {
        int saved = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            List<Tensor> ps = params();
            Optimizer opt = make.apply(ps);
            for (int step = 0; step < 3; step++) {
                Tensor.manualSeed(100 + step);
                for (int i = 0; i < ps.size(); i++) {
                    if (i == 5) continue;  // no gradient: left as it is
                    ps.get(i).setGrad(Tensor.randn(SIZES[i]));
                }
                opt.step();
            }
            float[][] out = new float[ps.size()][];
            for (int i = 0; i < ps.size(); i++) out[i] = ps.get(i).toFloatArray();
            return out;
        } finally {
            Parallel.setThreads(saved);
        }
    }

    private static void sameOnOneAndTwoThreads(String name, Function<List<Tensor>, Optimizer> make) {
        float[][] one = run(1, make);
        float[][] two = run(2, make);
        float[][] start = params().stream().map(Tensor::toFloatArray).toArray(float[][]::new);
        for (int i = 0; i < one.length; i++) assertArrayEquals(one[i], two[i], name + ": parameter " + i);
        assertArrayEquals(start[5], two[5], name + ": the parameter without a gradient must not move");
        int moved = 0;
        for (int j = 0; j < start[0].length; j++) if (start[0][j] != two[0][j]) moved++;
        // A few values may land back on their start after three random steps; none may be skipped wholesale.
        assertTrue(moved > start[0].length - 20, name + ": the large weight must be updated, moved " + moved);
    }

    @Test
    void everyOptimizerGivesTheBitsOfOneThread() {
        sameOnOneAndTwoThreads("SGD momentum", ps -> new SGD(ps, 0.05, 0.9));
        sameOnOneAndTwoThreads("SGD nesterov, decay", ps -> new SGD(ps, 0.05, 0.9, 0, 1e-3, true));
        sameOnOneAndTwoThreads("Adam", ps -> new Adam(ps, 1e-3));
        sameOnOneAndTwoThreads("AdamW", ps -> new AdamW(ps, 3e-3, 0.05));
        sameOnOneAndTwoThreads("RMSprop", ps -> new RMSprop(ps, 1e-3));
    }
}
