package dev.profundo.reference;

import dev.profundo.optim.Adam;
import dev.profundo.optim.AdamW;
import dev.profundo.optim.Optimizer;
import dev.profundo.optim.SGD;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * Two optimizer steps from given parameters w[3, 4], b[4] and given gradients (no model) against
 * torch.optim: the second step shows that momentum / moment estimates and bias correction carry over.
 */
class OptimizerReferenceTest {

    @Test
    void sgdWithMomentumMatchesPyTorch() {
        check("sgd_momentum", (f, ps) -> new SGD(ps, f.metaDouble("lr"), f.metaDouble("momentum")));
    }

    @Test
    void sgdWithMomentumAndWeightDecayMatchesPyTorch() {
        check("sgd_momentum_wd", (f, ps) -> new SGD(ps, f.metaDouble("lr"), f.metaDouble("momentum"), 0,
                f.metaDouble("weight_decay"), false));
    }

    @Test
    void adamMatchesPyTorch() {
        check("adam", (f, ps) -> new Adam(ps, f.metaDouble("lr"), f.metaDouble("beta1"), f.metaDouble("beta2"),
                f.metaDouble("eps"), 0, false));
    }

    @Test
    void adamWithL2WeightDecayMatchesPyTorch() {
        check("adam_wd", (f, ps) -> new Adam(ps, f.metaDouble("lr"), f.metaDouble("beta1"), f.metaDouble("beta2"),
                f.metaDouble("eps"), f.metaDouble("weight_decay"), false));
    }

    @Test
    void adamWMatchesPyTorch() {
        check("adamw", (f, ps) -> new AdamW(ps, f.metaDouble("lr"), f.metaDouble("beta1"), f.metaDouble("beta2"),
                f.metaDouble("eps"), f.metaDouble("weight_decay"), false));
    }

    private interface Factory {
        Optimizer create(Fixture f, List<Tensor> params);
    }

    private static void check(String name, Factory factory) {
        var f = Fixture.load(name);
        Tensor w = f.leaf("w"), b = f.leaf("b");
        Optimizer opt = factory.create(f, List.of(w, b));
        for (int step = 1; step <= 2; step++) {
            w.setGrad(f.copy("grad_w_step" + step));
            b.setGrad(f.copy("grad_b_step" + step));
            opt.step();
            f.assertClose("w_step" + step, w);
            f.assertClose("b_step" + step, b);
        }
    }
}
