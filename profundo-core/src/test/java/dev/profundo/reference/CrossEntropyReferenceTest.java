package dev.profundo.reference;

import dev.profundo.nn.F;
import dev.profundo.nn.F.CrossEntropyOptions;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code F.crossEntropy} (mean reduction) against PyTorch: plain, label smoothing 0.1, an ignored
 * class, class weights, all three together (PyTorch divides by the summed weight of the kept
 * targets), a spatial [N, C, d1] case, and soft (probability) targets; loss and logit gradient.
 */
class CrossEntropyReferenceTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cross_entropy", "cross_entropy_smoothing", "cross_entropy_ignore_index",
            "cross_entropy_weight", "cross_entropy_all", "cross_entropy_spatial", "cross_entropy_probs"})
    void crossEntropyMatchesPyTorch(String name) {
        var f = Fixture.load(name);
        var options = CrossEntropyOptions.DEFAULTS;
        if (f.hasTensor("class_weight")) options = options.withWeight(f.copy("class_weight"));
        if (f.hasMeta("label_smoothing")) options = options.withLabelSmoothing(f.metaDouble("label_smoothing"));
        if (f.hasMeta("ignore_index")) options = options.withIgnoreIndex(f.metaInt("ignore_index"));
        Tensor logits = f.leaf("logits");
        Tensor target = name.equals("cross_entropy_probs") ? f.copy("target") : f.get("target");
        Tensor loss = F.crossEntropy(logits, target, options);
        loss.backward();
        f.assertClose("out", loss);
        f.assertClose("grad_logits", logits.grad());
    }

    @Test
    void smoothingOverloadMatchesPyTorch() {
        var f = Fixture.load("cross_entropy_smoothing");
        Tensor logits = f.leaf("logits");
        Tensor loss = F.crossEntropy(logits, f.get("target"), 0.1);
        loss.backward();
        f.assertClose("out", loss);
        f.assertClose("grad_logits", logits.grad());
    }
}
