package dev.profundo.reference;

import dev.profundo.nn.F;
import dev.profundo.nn.GELU;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** GELU, exact (erf) and tanh-approximated, on x[4, 6] spanning about [-5, 5], against PyTorch. */
class GeluReferenceTest {

    @Test
    void exactGeluMatchesPyTorch() {
        var f = Fixture.load("gelu");
        Tensor x = f.leaf("x");
        Tensor out = F.gelu(x);
        out.backward(f.get("grad_out"));
        f.assertClose("out", out);
        f.assertClose("grad_x", x.grad());
    }

    @Test
    void tanhApproximatedGeluMatchesPyTorch() {
        var f = Fixture.load("gelu_tanh");
        Tensor x = f.leaf("x");
        Tensor out = F.gelu(x, true);
        out.backward(f.get("grad_out"));
        f.assertClose("out", out);
        f.assertClose("grad_x", x.grad());
    }

    @Test
    void geluLayersMatchPyTorch() {
        for (String approximate : new String[] {"none", "tanh"}) {
            var f = Fixture.load(approximate.equals("none") ? "gelu" : "gelu_tanh");
            Tensor x = f.leaf("x");
            Tensor out = new GELU(approximate).forward(x);
            out.backward(f.get("grad_out"));
            f.assertClose("out", out);
            f.assertClose("grad_x", x.grad());
        }
    }
}
