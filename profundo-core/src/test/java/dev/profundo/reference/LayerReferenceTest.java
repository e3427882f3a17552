package dev.profundo.reference;

import dev.profundo.nn.BatchNorm1d;
import dev.profundo.nn.BatchNorm2d;
import dev.profundo.nn.Conv2d;
import dev.profundo.nn.Embedding;
import dev.profundo.nn.Layer;
import dev.profundo.nn.LayerNorm;
import dev.profundo.nn.Linear;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The layers, loaded with PyTorch's weights through {@code loadStateDict}, reproduce PyTorch's
 * outputs and parameter gradients: Linear, Conv2d, BatchNorm1d/2d (train and eval, including
 * the running statistics after one training batch), LayerNorm and Embedding.
 */
class LayerReferenceTest {

    @Test
    void linearLayerMatchesPyTorch() {
        var f = Fixture.load("linear_3d");
        var layer = new Linear(5, 3);
        load(layer, f, "weight", "bias");
        Tensor x = f.leaf("x");
        Tensor out = layer.forward(x);
        out.backward(f.get("grad_out"));
        f.assertClose("out", out);
        f.assertClose("grad_x", x.grad());
        f.assertClose("grad_weight", layer.weight().grad());
        f.assertClose("grad_bias", layer.bias().grad());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"conv2d_stride2_pad1", "conv2d_dilation2", "conv2d_groups2", "conv2d_asymmetric"})
    void conv2dLayerMatchesPyTorch(String name) {
        var f = Fixture.load(name);
        int[] w = f.get("weight").shape();
        int groups = f.metaInt("groups");
        int[] s = Conv2dReferenceTest.pair(f.meta("stride")), p = Conv2dReferenceTest.pair(f.meta("padding"));
        int[] d = Conv2dReferenceTest.pair(f.meta("dilation"));
        var layer = new Conv2d(w[1] * groups, w[0], w[2], w[3], s[0], s[1], p[0], p[1], d[0], d[1], groups, true);
        load(layer, f, "weight", "bias");
        Tensor x = f.leaf("x");
        Tensor out = layer.forward(x);
        out.backward(f.get("grad_out"));
        f.assertClose("out", out);
        f.assertClose("grad_x", x.grad());
        f.assertClose("grad_weight", layer.weight().grad());
        f.assertClose("grad_bias", layer.bias().grad());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"batch_norm2d_train", "batch_norm2d_eval", "batch_norm1d_train", "batch_norm1d_eval",
            "batch_norm1d_3d_train", "batch_norm1d_3d_eval"})
    void batchNormLayerMatchesPyTorch(String name) {
        var f = Fixture.load(name);
        int c = f.get("weight").numel();
        double eps = f.metaDouble("eps"), momentum = f.metaDouble("momentum");
        boolean training = f.metaBool("training");
        Layer layer = name.startsWith("batch_norm2d") ? new BatchNorm2d(c, eps, momentum, true)
                : new BatchNorm1d(c, eps, momentum, true);
        load(layer, f, "weight", "bias", "running_mean", "running_var");
        layer.train(training);
        Tensor x = f.leaf("x");
        Tensor out = layer.forward(x);
        out.backward(f.get("grad_out"));
        f.assertClose("out", out);
        f.assertClose("grad_x", x.grad());
        Tensor weight = layer.parameters().get(0), bias = layer.parameters().get(1);
        f.assertClose("grad_weight", weight.grad());
        f.assertClose("grad_bias", bias.grad());
        var state = layer.stateDict();
        f.assertClose("running_mean_after", state.get("running_mean"));
        f.assertClose("running_var_after", state.get("running_var"));
        assertEquals(training ? 1 : 0, (long) state.get("num_batches_tracked").item(), "num_batches_tracked");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"layer_norm", "layer_norm_2d"})
    void layerNormLayerMatchesPyTorch(String name) {
        var f = Fixture.load(name);
        var layer = new LayerNorm(f.get("weight").shape(), f.metaDouble("eps"), true);
        load(layer, f, "weight", "bias");
        Tensor x = f.leaf("x");
        Tensor out = layer.forward(x);
        out.backward(f.get("grad_out"));
        f.assertClose("out", out);
        f.assertClose("grad_x", x.grad());
        f.assertClose("grad_weight", layer.weight().grad());
        f.assertClose("grad_bias", layer.bias().grad());
    }

    @Test
    void embeddingLayerMatchesPyTorch() {
        var f = Fixture.load("embedding");
        int[] w = f.get("weight").shape();
        var layer = new Embedding(w[0], w[1]);
        load(layer, f, "weight");
        Tensor out = layer.forward(f.get("indices"));
        out.backward(f.get("grad_out"));
        f.assertClose("out", out);
        f.assertClose("grad_weight", layer.weight().grad());
    }

    /** Loads the named fixture tensors over the layer's own state dict (which supplies any other buffers). */
    private static void load(Layer layer, Fixture f, String... keys) {
        var state = new LinkedHashMap<>(layer.stateDict());
        for (String k : List.of(keys)) state.put(k, f.get(k));
        layer.loadStateDict(state);
    }
}
