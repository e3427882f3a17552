package dev.profundo.optim;

import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static dev.profundo.optim.OptimFixtures.floats;
import static dev.profundo.optim.OptimFixtures.wave;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The vector loop and the scalar tail of each update kernel must do the same float32 operations:
 * a long parameter (mostly vector lanes) and one-element parameters (scalar tail only) holding the
 * same values must end bit for bit equal.
 */
class KernelConsistencyTest {
    private static final int N = 67; // several vectors of any width, plus a tail

    private static void assertSameBits(Function<List<Tensor>, Optimizer> factory) {
        double[] p0 = wave(N, 0.4);
        Tensor whole = Tensor.of(floats(p0), N).requiresGrad(true);
        List<Tensor> singles = new ArrayList<>();
        for (double v : p0) singles.add(Tensor.of(floats(v), 1).requiresGrad(true));
        Optimizer a = factory.apply(List.of(whole));
        Optimizer b = factory.apply(singles);
        for (int step = 0; step < 3; step++) {
            double[] g = wave(N, 1.3 + step);
            whole.setGrad(Tensor.of(floats(g), N));
            for (int i = 0; i < N; i++) singles.get(i).setGrad(Tensor.of(floats(g[i]), 1));
            a.step();
            b.step();
        }
        float[] w = whole.toFloatArray();
        for (int i = 0; i < N; i++)
            assertEquals(Float.floatToIntBits(w[i]), Float.floatToIntBits((float) singles.get(i).get(0)),
                    "element " + i + " of " + a);
    }

    @Test
    void sgd() {
        assertSameBits(ps -> new SGD(ps, 0.1, 0.9, 0.1, 1e-2, false));
        assertSameBits(ps -> new SGD(ps, 0.1, 0.9, 0, 1e-2, true));
    }

    @Test
    void adamAndAdamW() {
        assertSameBits(ps -> new Adam(ps, 1e-2, 0.9, 0.99, 1e-8, 1e-2, true));
        assertSameBits(ps -> new AdamW(ps, 1e-2, 0.9, 0.99, 1e-8, 1e-1, false));
    }

    @Test
    void rmsprop() {
        assertSameBits(ps -> new RMSprop(ps, 1e-2, 0.9, 1e-8, 1e-2, 0.9, true));
        assertSameBits(ps -> new RMSprop(ps, 1e-2, 0.99, 1e-8, 0, 0, false));
    }
}
