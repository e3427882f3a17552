package dev.profundo.reference;

import dev.profundo.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code Tensor.softmax} and {@code Tensor.logSoftmax} on x[3, 4, 5] over dims 0, 1 and -1 against PyTorch. */
class SoftmaxReferenceTest {

    @ParameterizedTest(name = "softmax dim {0}")
    @ValueSource(ints = {0, 1, -1})
    void softmaxMatchesPyTorch(int dim) {
        check("softmax_dim" + suffix(dim), dim, false);
    }

    @ParameterizedTest(name = "logSoftmax dim {0}")
    @ValueSource(ints = {0, 1, -1})
    void logSoftmaxMatchesPyTorch(int dim) {
        check("log_softmax_dim" + suffix(dim), dim, true);
    }

    private static String suffix(int dim) {
        return dim < 0 ? "m" + (-dim) : String.valueOf(dim);
    }

    private static void check(String name, int dim, boolean log) {
        var f = Fixture.load(name);
        Tensor x = f.leaf("x");
        Tensor out = log ? x.logSoftmax(dim) : x.softmax(dim);
        out.backward(f.get("grad_out"));
        f.assertClose("out", out);
        f.assertClose("grad_x", x.grad());
    }
}
