package dev.profundo.reference;

import dev.profundo.nn.F;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code F.linear} (x·Wᵀ + b) on 2-D and 3-D inputs, forward and all three gradients, against PyTorch. */
class LinearReferenceTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"linear", "linear_3d"})
    void functionalLinearMatchesPyTorch(String name) {
        var f = Fixture.load(name);
        Tensor x = f.leaf("x"), w = f.leaf("weight"), b = f.leaf("bias");
        Tensor out = F.linear(x, w, b);
        out.backward(f.get("grad_out"));
        f.assertClose("out", out);
        f.assertClose("grad_x", x.grad());
        f.assertClose("grad_weight", w.grad());
        f.assertClose("grad_bias", b.grad());
    }
}
