package dev.profundo.nn;

import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** State dicts, strict loading, train/eval propagation and summaries of models built from these layers. */
class LayerStateTest {
    private static Sequential mlp() {
        return new Sequential(new Linear(4, 8), new BatchNorm1d(8), new ReLU(), new Dropout(0.1), new Linear(8, 3));
    }

    @Test
    void stateDictKeysMatchPyTorchsForASequential() {
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked", "4.weight", "4.bias"), List.copyOf(mlp().stateDict().keySet()));
    }

    @Test
    void stateDictRoundTripsIntoAFreshModel() {
        Tensor.manualSeed(1);
        Sequential a = mlp();
        a.call(Tensor.randn(5, 4)); // moves the running statistics and the batch counter
        Tensor.manualSeed(2);
        Sequential b = mlp();
        b.loadStateDict(a.stateDict());
        for (var e : a.stateDict().entrySet())
            assertArrayEquals(e.getValue().toFloatArray(), b.stateDict().get(e.getKey()).toFloatArray(), e.getKey());
        a.eval();
        b.eval();
        Tensor x = Tensor.randn(2, 4);
        assertArrayEquals(a.call(x).toFloatArray(), b.call(x).toFloatArray());
    }

    @Test
    void strictLoadListsEveryProblemAndChangesNothing() {
        Sequential m = mlp();
        float[] before = m.stateDict().get("0.weight").toFloatArray();
        Map<String, Tensor> state = new LinkedHashMap<>(mlp().stateDict());
        state.remove("4.bias");
        state.put("5.weight", Tensor.zeros(1));
        state.put("0.weight", Tensor.zeros(8, 5));
        var e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state));
        String msg = e.getMessage();
        assertTrue(msg.contains("missing keys [4.bias]"), msg);
        assertTrue(msg.contains("unexpected keys [5.weight]"), msg);
        assertTrue(msg.contains("'0.weight' has shape [8, 5]") && msg.contains("[8, 4]"), msg);
        assertArrayEquals(before, m.stateDict().get("0.weight").toFloatArray());
        assertFalse(java.util.Arrays.equals(before, state.get("0.weight").toFloatArray()));
    }

    @Test
    void aLongListOfMissingKeysIsCutShort() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) state.put("x" + i, Tensor.zeros(1));
        var e = assertThrows(IllegalArgumentException.class, () -> mlp().loadStateDict(state));
        // 9 missing keys and 10 unexpected ones: the first 6 of each, in order, and how many more.
        assertTrue(e.getMessage().contains("missing keys [0.bias, 0.weight, 1.bias, 1.num_batches_tracked, 1.running_mean, "
                + "1.running_var, ... and 3 more]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected keys [x0, x1, x2, x3, x4, x5, ... and 4 more]"), e.getMessage());
    }

    @Test
    void trainAndEvalReachEveryChild() {
        Sequential m = mlp();
        m.eval();
        for (Layer l : m.layers()) assertFalse(l.isTraining());
        Tensor x = Tensor.randn(3, 4);
        assertArrayEquals(m.call(x).toFloatArray(), m.call(x).toFloatArray()); // no dropout, fixed statistics
        m.train();
        for (Layer l : m.layers()) assertTrue(l.isTraining());
    }

    @Test
    void summaryListsLayersShapesAndTheParameterTotal() {
        String s = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10)).summary(1, 784);
        assertTrue(s.contains("Linear(784 -> 128)") && s.contains("[1, 128]") && s.contains("100,480"), s);
        assertTrue(s.contains("ReLU") && s.contains("Linear(128 -> 10)") && s.contains("[1, 10]") && s.contains("1,290"), s);
        assertTrue(s.contains("Total parameters: 101,770"), s);
    }
}
