package dev.profundo.reference;

import dev.profundo.nn.AdaptiveAvgPool2d;
import dev.profundo.nn.AvgPool2d;
import dev.profundo.nn.F;
import dev.profundo.nn.MaxPool2d;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

/** Max, average and adaptive-average pooling (functions and layers) against PyTorch, forward and input gradient. */
class PoolingReferenceTest {

    @Test
    void maxPoolKernel2MatchesPyTorch() {
        check("max_pool2d_k2", x -> F.maxPool2d(x, 2));
    }

    @Test
    void maxPoolKernel3Stride2Padding1MatchesPyTorch() {
        check("max_pool2d_k3s2p1", x -> F.maxPool2d(x, 3, 2, 1));
    }

    @Test
    void avgPoolKernel2MatchesPyTorch() {
        check("avg_pool2d_k2", x -> F.avgPool2d(x, 2));
    }

    @Test
    void avgPoolKernel3Stride2Padding1CountingPaddingMatchesPyTorch() {
        check("avg_pool2d_k3s2p1", x -> F.avgPool2d(x, 3, 2, 1));
    }

    @Test
    void adaptiveAvgPool5x7To3x2MatchesPyTorch() {
        check("adaptive_avg_pool2d", x -> F.adaptiveAvgPool2d(x, 3, 2));
    }

    @Test
    void avgPoolLayerExcludingPaddingMatchesPyTorch() {
        check("avg_pool2d_k3s2p1_exclude_pad", x -> new AvgPool2d(3, 2, 1, false).forward(x));
    }

    @Test
    void poolingLayersMatchPyTorch() {
        check("max_pool2d_k3s2p1", x -> new MaxPool2d(3, 2, 1).forward(x));
        check("avg_pool2d_k3s2p1", x -> new AvgPool2d(3, 2, 1).forward(x));
        check("adaptive_avg_pool2d", x -> new AdaptiveAvgPool2d(3, 2).forward(x));
    }

    private static void check(String name, UnaryOperator<Tensor> pool) {
        var f = Fixture.load(name);
        Tensor x = f.leaf("x");
        Tensor out = pool.apply(x);
        out.backward(f.get("grad_out"));
        f.assertClose("out", out);
        f.assertClose("grad_x", x.grad());
    }
}
