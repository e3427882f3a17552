package dev.profundo.reference;

import dev.profundo.nn.F;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code F.batchNorm} (train and eval, [N, C, H, W], [N, C] and [N, C, L]) and {@code F.layerNorm}
 * (over the last one and two dims) against PyTorch: outputs, input/weight/bias gradients and,
 * for batch norm, the running statistics after the call (updated with the unbiased batch variance).
 */
class NormalizationReferenceTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"batch_norm2d_train", "batch_norm2d_eval", "batch_norm1d_train", "batch_norm1d_eval",
            "batch_norm1d_3d_train", "batch_norm1d_3d_eval"})
    void functionalBatchNormMatchesPyTorch(String name) {
        var f = Fixture.load(name);
        Tensor x = f.leaf("x"), w = f.leaf("weight"), b = f.leaf("bias");
        Tensor runningMean = f.copy("running_mean"), runningVar = f.copy("running_var");
        Tensor out = F.batchNorm(x, runningMean, runningVar, w, b, f.metaBool("training"),
                f.metaDouble("momentum"), f.metaDouble("eps"));
        out.backward(f.get("grad_out"));
        f.assertClose("out", out);
        f.assertClose("grad_x", x.grad());
        f.assertClose("grad_weight", w.grad());
        f.assertClose("grad_bias", b.grad());
        f.assertClose("running_mean_after", runningMean);
        f.assertClose("running_var_after", runningVar);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"layer_norm", "layer_norm_2d"})
    void functionalLayerNormMatchesPyTorch(String name) {
        var f = Fixture.load(name);
        Tensor x = f.leaf("x"), w = f.leaf("weight"), b = f.leaf("bias");
        Tensor out = F.layerNorm(x, w.shape(), w, b, f.metaDouble("eps"));
        out.backward(f.get("grad_out"));
        f.assertClose("out", out);
        f.assertClose("grad_x", x.grad());
        f.assertClose("grad_weight", w.grad());
        f.assertClose("grad_bias", b.grad());
    }
}
