package dev.profundo.reference;

import dev.profundo.nn.F;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code F.conv2d} against PyTorch: plain, stride 2 with padding 1, dilation 2, two groups, a 2x3
 * kernel, and per-axis stride/padding/dilation; forward and the input, weight and bias gradients.
 */
class Conv2dReferenceTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"conv2d_plain", "conv2d_stride2_pad1", "conv2d_dilation2", "conv2d_groups2",
            "conv2d_kernel2x3", "conv2d_asymmetric"})
    void functionalConv2dMatchesPyTorch(String name) {
        var f = Fixture.load(name);
        Tensor x = f.leaf("x"), w = f.leaf("weight"), b = f.leaf("bias");
        Tensor out = F.conv2d(x, w, b, pair(f.meta("stride")), pair(f.meta("padding")), pair(f.meta("dilation")),
                f.metaInt("groups"));
        assertMatches(f, out, x, w, b);
    }

    @Test
    void squareStrideAndPaddingOverloadMatchesPyTorch() {
        var f = Fixture.load("conv2d_stride2_pad1");
        Tensor x = f.leaf("x"), w = f.leaf("weight"), b = f.leaf("bias");
        assertMatches(f, F.conv2d(x, w, b, 2, 1), x, w, b);
    }

    private static void assertMatches(Fixture f, Tensor out, Tensor x, Tensor w, Tensor b) {
        out.backward(f.get("grad_out"));
        f.assertClose("out", out);
        f.assertClose("grad_x", x.grad());
        f.assertClose("grad_weight", w.grad());
        f.assertClose("grad_bias", b.grad());
    }

    /** "2" means {2, 2}; "1,2" means {h=1, w=2}. */
    static int[] pair(String value) {
        String[] parts = value.split(",");
        int h = Integer.parseInt(parts[0].trim());
        return new int[] {h, parts.length > 1 ? Integer.parseInt(parts[1].trim()) : h};
    }
}
