package dev.profundo.optim;

import dev.profundo.tensor.DType;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.profundo.optim.OptimFixtures.floats;
import static dev.profundo.optim.OptimFixtures.param;
import static dev.profundo.optim.OptimFixtures.wave;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saving and restoring optimizer state: a resumed run continues exactly like an uninterrupted one. */
class StateDictTest {

    private static List<Tensor> params() {
        return List.of(Tensor.of(floats(wave(6, 0.3)), 2, 3).requiresGrad(true),
                Tensor.of(floats(wave(5, 1.1)), 5).requiresGrad(true));
    }

    private static void stepWithGradients(Optimizer opt, int step) {
        for (int i = 0; i < opt.params().size(); i++) {
            Tensor p = opt.params().get(i);
            p.setGrad(Tensor.of(floats(wave(p.numel(), 0.37 * step + i)), p.shape()));
        }
        opt.step();
    }

    private static List<Tensor> copies(List<Tensor> ps) {
        return ps.stream().map(p -> Tensor.of(p.toFloatArray(), p.shape()).requiresGrad(true)).toList();
    }

    private static void assertResumesExactly(Function<List<Tensor>, Optimizer> factory) {
        Optimizer original = factory.apply(params());
        stepWithGradients(original, 0);
        stepWithGradients(original, 1);
        Map<String, Tensor> saved = original.stateDict();
        Map<String, Tensor> snapshot = new LinkedHashMap<>();
        saved.forEach((k, v) -> snapshot.put(k, Tensor.of(v.toFloatArray(), v.shape())));

        Optimizer resumed = factory.apply(copies(original.params()));
        resumed.loadStateDict(saved);
        for (int s = 2; s < 5; s++) {
            stepWithGradients(original, s);
            stepWithGradients(resumed, s);
        }
        for (int i = 0; i < original.params().size(); i++)
            assertArrayEquals(original.params().get(i).toFloatArray(), resumed.params().get(i).toFloatArray(),
                    "parameter " + i + " of " + original);
        assertEquals(5, resumed.stepCount());
        // the saved map is a snapshot: later steps did not change it
        snapshot.forEach((k, v) -> assertArrayEquals(v.toFloatArray(), saved.get(k).toFloatArray(), k));
    }

    @Test
    void sgdWithNesterovResumesExactly() {
        assertResumesExactly(ps -> new SGD(ps, 0.05, 0.9, 0, 1e-3, true));
    }

    @Test
    void adamWithAmsgradResumesExactly() {
        assertResumesExactly(ps -> new Adam(ps, 1e-3, 0.9, 0.999, 1e-8, 1e-2, true));
    }

    @Test
    void adamWResumesExactly() {
        assertResumesExactly(ps -> new AdamW(ps, 3e-3));
    }

    @Test
    void centeredRmspropWithMomentumResumesExactly() {
        assertResumesExactly(ps -> new RMSprop(ps, 1e-3, 0.99, 1e-8, 1e-4, 0.9, true));
    }

    @Test
    void stateHoldsTensorsSafetensorsCanStore() {
        var opt = new Adam(params(), 1e-3);
        stepWithGradients(opt, 0);
        Map<String, Tensor> sd = opt.stateDict();
        assertEquals(DType.INT64, sd.get("step").dtype());
        assertEquals(1L, sd.get("state.1.step").toLongArray()[0]);
        assertEquals(DType.FLOAT32, sd.get("lr").dtype());
        assertEquals(0, sd.get("lr").dim());
        assertArrayEquals(new int[] {2, 3}, sd.get("state.0.exp_avg").shape());
        assertEquals(0.999, sd.get("beta2").item(), 1e-7);
        assertEquals(0.0, sd.get("amsgrad").item());
    }

    @Test
    void loadingTakesTheSavedHyperparameters() {
        var saved = new Adam(List.of(param(1.0)), 0.1, 0.8, 0.99, 1e-6, 0, true).stateDict();
        var other = new Adam(List.of(param(1.0)), 0.5);
        other.loadStateDict(saved);
        assertEquals(0.1, other.lr(), 1e-8);
        assertEquals(0.8, other.beta1(), 1e-7);
        assertTrue(other.amsgrad());
    }

    @Test
    void shapeMismatchNamesTheKeyAndBothShapes() {
        var opt = new Adam(params(), 1e-3);
        stepWithGradients(opt, 0);
        Map<String, Tensor> sd = new LinkedHashMap<>(opt.stateDict());
        sd.put("state.1.exp_avg", Tensor.zeros(4));
        var e = assertThrows(IllegalArgumentException.class, () -> new Adam(params(), 1e-3).loadStateDict(sd));
        assertTrue(e.getMessage().contains("'state.1.exp_avg' has shape [4] but its parameter has shape [5]"),
                e.getMessage());
    }

    @Test
    void unknownMissingAndOutOfRangeKeysAreReportedTogether() {
        var opt = new SGD(params(), 0.1, 0.9);
        stepWithGradients(opt, 0);
        Map<String, Tensor> sd = new LinkedHashMap<>(opt.stateDict());
        sd.remove("momentum");
        sd.put("state.7.momentum_buffer", Tensor.zeros(5));
        sd.put("betas", Tensor.scalar(0.9));
        var fresh = new SGD(params(), 0.1, 0.9);
        var e = assertThrows(IllegalArgumentException.class, () -> fresh.loadStateDict(sd));
        String m = e.getMessage();
        assertTrue(m.contains("missing key 'momentum'"), m);
        assertTrue(m.contains("refers to parameter 7 but the optimizer has 2 parameters"), m);
        assertTrue(m.contains("unknown key 'betas'"), m);
        assertEquals(0, fresh.stepCount()); // nothing changed
    }

    @Test
    void aFailedLoadLeavesTheOptimizerAsItWas() {
        var opt = new Adam(List.of(param(1.0)), 0.1);
        Map<String, Tensor> sd = new LinkedHashMap<>(new Adam(List.of(param(1.0)), 0.1, 0.9, 0.999, 1e-8, 0, true)
                .stateDict());
        sd.put("state.0.step", Tensor.of(new long[] {3}));
        sd.put("state.0.exp_avg", Tensor.zeros(1));
        sd.put("state.0.exp_avg_sq", Tensor.zeros(1)); // AMSGrad also needs max_exp_avg_sq
        var e = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(sd));
        assertTrue(e.getMessage().contains("missing buffers [state.0.max_exp_avg_sq]"), e.getMessage());
        assertEquals(false, opt.amsgrad());
        assertEquals(0.1, opt.lr());
    }

    @Test
    void missingMomentumBufferRestartsFromTheNextGradientAsInPyTorch() {
        Tensor p = param(1.0);
        var opt = new SGD(List.of(p), 0.1, 0.9);
        var sd = new LinkedHashMap<>(opt.stateDict());
        sd.put("state.0.step", Tensor.of(new long[] {4}));
        opt.loadStateDict(sd);
        OptimFixtures.grad(p, 0.5);
        opt.step(); // buf = grad, not 0.9·0 + grad·(1 - dampening)
        assertEquals(0.95, p.get(0), 1e-7);
    }
}
