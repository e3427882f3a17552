package dev.profundo.reference;

import dev.profundo.nn.F;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@code F.embedding} with repeated indices: rows hit several times must sum their gradients, as in PyTorch. */
class EmbeddingReferenceTest {

    @Test
    void functionalEmbeddingMatchesPyTorch() {
        var f = Fixture.load("embedding");
        Tensor w = f.leaf("weight");
        Tensor out = F.embedding(f.get("indices"), w);
        out.backward(f.get("grad_out"));
        f.assertClose("out", out);
        f.assertClose("grad_weight", w.grad());
    }
}
