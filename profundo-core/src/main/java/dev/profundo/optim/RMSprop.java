package dev.profundo.optim;

import dev.profundo.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop, exactly as PyTorch's {@code torch.optim.RMSprop}:
 * <pre>
 * g   = grad + weightDecay·p
 * sq  = α·sq + (1 - α)·g²
 * ga  = α·ga + (1 - α)·g                 (centered only)
 * avg = sqrt(sq - ga²) or sqrt(sq), + eps
 * buf = momentum·buf + g/avg, p = p - lr·buf     (momentum > 0)
 * p   = p - lr·g/avg                             (otherwise)
 * </pre>
 */
public final class RMSprop extends Optimizer {
    private static final List<String> BUFFERS = List.of("square_avg", "momentum_buffer", "grad_avg");

    private double alpha;
    private double eps;
    private double weightDecay;
    private double momentum;
    private boolean centered;

    /** RMSprop with PyTorch's defaults: alpha 0.99, eps 1e-8, no weight decay, no momentum, not centered. */
    public RMSprop(List<Tensor> params, double lr) {
        this(params, lr, 0.99, 1e-8, 0, 0, false);
    }

    /** RMSprop with every PyTorch option; {@code weightDecay} is an L2 penalty added to the gradient. */
    public RMSprop(List<Tensor> params, double lr, double alpha, double eps, double weightDecay, double momentum,
                   boolean centered) {
        super(params, lr);
        setHyperparameters(Map.of("alpha", alpha, "eps", eps, "weight_decay", weightDecay, "momentum", momentum,
                "centered", centered ? 1.0 : 0.0));
    }

    /** The smoothing constant of the squared-gradient average. */
    public double alpha() { return alpha; }

    /** The term added to the denominator for numerical stability. */
    public double eps() { return eps; }

    /** The L2 weight decay. */
    public double weightDecay() { return weightDecay; }

    /** The momentum factor (0 = none). */
    public double momentum() { return momentum; }

    /** True when the gradient is normalised by an estimate of its variance instead of its second moment. */
    public boolean centered() { return centered; }

    @Override
    public void step() {
        float negLr = (float) -lr();
        float a = (float) alpha;
        float oneMinusA = (float) (1 - alpha);
        float e = (float) eps;
        float wd = (float) weightDecay;
        float mom = (float) momentum;
        forAllParameters((i, p, pOff, g, gOff, n) -> {
            float[] sq = buffer(i, "square_avg");
            float[] ga = centered ? buffer(i, "grad_avg") : null;
            float[] buf = momentum > 0 ? buffer(i, "momentum_buffer") : null;
            return (s, end) -> RmspropKernel.update(p, pOff, g, gOff, sq, ga, buf, s, end, negLr, a, oneMinusA, e, wd, mom);
        });
    }

    @Override
    protected Map<String, Double> hyperparameters() {
        var h = new LinkedHashMap<String, Double>();
        h.put("alpha", alpha);
        h.put("eps", eps);
        h.put("weight_decay", weightDecay);
        h.put("momentum", momentum);
        h.put("centered", centered ? 1.0 : 0.0);
        return h;
    }

    @Override
    protected void setHyperparameters(Map<String, Double> values) {
        double a = value(values, "alpha");
        double e = value(values, "eps");
        double wd = value(values, "weight_decay");
        double mom = value(values, "momentum");
        boolean c = flag(values, "centered");
        if (!(a >= 0) || Double.isInfinite(a))
            throw new IllegalArgumentException("RMSprop: invalid alpha " + a + "; it must be finite and >= 0");
        if (!(e >= 0) || Double.isInfinite(e))
            throw new IllegalArgumentException("RMSprop: invalid eps " + e + "; it must be finite and >= 0");
        if (!(wd >= 0) || Double.isInfinite(wd))
            throw new IllegalArgumentException("RMSprop: invalid weight decay " + wd + "; it must be finite and >= 0");
        if (!(mom >= 0) || Double.isInfinite(mom))
            throw new IllegalArgumentException("RMSprop: invalid momentum " + mom + "; it must be finite and >= 0");
        alpha = a;
        eps = e;
        weightDecay = wd;
        momentum = mom;
        centered = c;
    }

    @Override
    protected List<String> bufferNames() { return BUFFERS; }

    @Override
    protected List<String> requiredBuffers() {
        var required = new ArrayList<String>(3);
        required.add("square_avg");
        if (momentum > 0) required.add("momentum_buffer");
        if (centered) required.add("grad_avg");
        return required;
    }
}
