package dev.profundo.optim;

import dev.profundo.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What Adam and AdamW share: moment buffers, bias correction, AMSGrad; they differ only in how weight decay applies. */
abstract sealed class AdamCore extends Optimizer permits Adam, AdamW {
    private static final List<String> BUFFERS = List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq");
    private static final List<String> REQUIRED = List.of("exp_avg", "exp_avg_sq");

    private double beta1;
    private double beta2;
    private double eps;
    private double weightDecay;
    private boolean amsgrad;

    AdamCore(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        super(params, lr);
        setHyperparameters(Map.of("beta1", beta1, "beta2", beta2, "eps", eps, "weight_decay", weightDecay,
                "amsgrad", amsgrad ? 1.0 : 0.0));
    }

    /** True when weight decay shrinks the parameter directly (AdamW) instead of adding to the gradient (Adam). */
    abstract boolean decoupled();

    /** The decay rate of the first-moment (mean) estimate. */
    public double beta1() { return beta1; }

    /** The decay rate of the second-moment (uncentered variance) estimate. */
    public double beta2() { return beta2; }

    /** The term added to the denominator for numerical stability. */
    public double eps() { return eps; }

    /** The weight decay coefficient. */
    public double weightDecay() { return weightDecay; }

    /** True when the AMSGrad variant (running maximum of the second moment) is used. */
    public boolean amsgrad() { return amsgrad; }

    @Override
    public void step() {
        boolean decoupled = decoupled();
        double lr = lr();
        forAllParameters((i, p, pOff, g, gOff, n) -> {
            var c = AdamKernel.Coefficients.of(lr, beta1, beta2, eps, decoupled ? 0 : weightDecay,
                    decoupled ? 1 - lr * weightDecay : 1, paramStep(i));
            float[] m = buffer(i, "exp_avg");
            float[] v = buffer(i, "exp_avg_sq");
            float[] vMax = amsgrad ? buffer(i, "max_exp_avg_sq") : null;
            return (s, e) -> AdamKernel.update(p, pOff, g, gOff, m, v, vMax, s, e, decoupled, c);
        });
    }

    @Override
    protected Map<String, Double> hyperparameters() {
        var h = new LinkedHashMap<String, Double>();
        h.put("beta1", beta1);
        h.put("beta2", beta2);
        h.put("eps", eps);
        h.put("weight_decay", weightDecay);
        h.put("amsgrad", amsgrad ? 1.0 : 0.0);
        return h;
    }

    @Override
    protected void setHyperparameters(Map<String, Double> values) {
        double b1 = value(values, "beta1");
        double b2 = value(values, "beta2");
        double e = value(values, "eps");
        double wd = value(values, "weight_decay");
        boolean ams = flag(values, "amsgrad");
        if (!(b1 >= 0 && b1 < 1))
            throw new IllegalArgumentException(name() + ": invalid beta1 " + b1 + "; it must lie in [0, 1)");
        if (!(b2 >= 0 && b2 < 1))
            throw new IllegalArgumentException(name() + ": invalid beta2 " + b2 + "; it must lie in [0, 1)");
        if (!(e >= 0) || Double.isInfinite(e))
            throw new IllegalArgumentException(name() + ": invalid eps " + e + "; it must be finite and >= 0");
        if (!(wd >= 0) || Double.isInfinite(wd))
            throw new IllegalArgumentException(name() + ": invalid weight decay " + wd + "; it must be finite and >= 0");
        beta1 = b1;
        beta2 = b2;
        eps = e;
        weightDecay = wd;
        amsgrad = ams;
    }

    @Override
    protected List<String> bufferNames() { return BUFFERS; }

    @Override
    protected List<String> requiredBuffers() {
        return amsgrad ? BUFFERS : REQUIRED;
    }
}
