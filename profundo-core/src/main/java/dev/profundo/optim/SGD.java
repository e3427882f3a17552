package dev.profundo.optim;

import dev.profundo.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, dampening, L2 weight decay and Nesterov
 * momentum, exactly as PyTorch's {@code torch.optim.SGD}:
 * <pre>
 * d   = grad + weightDecay·p
 * buf = d                                   (first step)
 * buf = momentum·buf + (1 - dampening)·d    (later steps)
 * d   = nesterov ? d + momentum·buf : buf   (when momentum != 0)
 * p   = p - lr·d
 * </pre>
 */
public final class SGD extends Optimizer {
    private static final List<String> BUFFERS = List.of("momentum_buffer");

    private double momentum;
    private double dampening;
    private double weightDecay;
    private boolean nesterov;

    /** Plain SGD: {@code p -= lr·grad}. */
    public SGD(List<Tensor> params, double lr) {
        this(params, lr, 0, 0, 0, false);
    }

    /** SGD with (heavy-ball) momentum, no dampening and no weight decay. */
    public SGD(List<Tensor> params, double lr, double momentum) {
        this(params, lr, momentum, 0, 0, false);
    }

    /**
     * SGD with every PyTorch option; Nesterov needs momentum > 0 and zero dampening.
     *
     * @param weightDecay L2 penalty added to the gradient ({@code grad + weightDecay·p})
     */
    public SGD(List<Tensor> params, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        super(params, lr);
        setHyperparameters(Map.of("momentum", momentum, "dampening", dampening, "weight_decay", weightDecay,
                "nesterov", nesterov ? 1.0 : 0.0));
    }

    /** The momentum factor (0 = none). */
    public double momentum() { return momentum; }

    /** The dampening of the gradient added to the momentum buffer. */
    public double dampening() { return dampening; }

    /** The L2 weight decay. */
    public double weightDecay() { return weightDecay; }

    /** True for Nesterov momentum. */
    public boolean nesterov() { return nesterov; }

    @Override
    public void step() {
        float negLr = (float) -lr();
        float wd = (float) weightDecay;
        float mom = (float) momentum;
        float keep = (float) (1 - dampening);
        boolean useMomentum = momentum != 0;
        forAllParameters((i, p, pOff, g, gOff, n) -> {
            boolean first = useMomentum && !hasBuffer(i, "momentum_buffer");
            float[] buf = useMomentum ? buffer(i, "momentum_buffer") : null;
            return (s, e) -> SgdKernel.update(p, pOff, g, gOff, buf, s, e, negLr, wd, mom, keep, nesterov, first);
        });
    }

    @Override
    protected Map<String, Double> hyperparameters() {
        var h = new LinkedHashMap<String, Double>();
        h.put("momentum", momentum);
        h.put("dampening", dampening);
        h.put("weight_decay", weightDecay);
        h.put("nesterov", nesterov ? 1.0 : 0.0);
        return h;
    }

    @Override
    protected void setHyperparameters(Map<String, Double> values) {
        double mom = value(values, "momentum");
        double damp = value(values, "dampening");
        double wd = value(values, "weight_decay");
        boolean nest = flag(values, "nesterov");
        if (!(mom >= 0) || Double.isInfinite(mom))
            throw new IllegalArgumentException("SGD: invalid momentum " + mom + "; it must be finite and >= 0");
        if (!Double.isFinite(damp))
            throw new IllegalArgumentException("SGD: invalid dampening " + damp + "; it must be finite");
        if (!(wd >= 0) || Double.isInfinite(wd))
            throw new IllegalArgumentException("SGD: invalid weight decay " + wd + "; it must be finite and >= 0");
        if (nest && (mom <= 0 || damp != 0))
            throw new IllegalArgumentException("SGD: Nesterov momentum requires momentum > 0 and zero dampening, got momentum "
                    + mom + " and dampening " + damp);
        momentum = mom;
        dampening = damp;
        weightDecay = wd;
        nesterov = nest;
    }

    @Override
    protected List<String> bufferNames() { return BUFFERS; }

    /** None: a missing momentum buffer starts from the next gradient, as in PyTorch. */
    @Override
    protected List<String> requiredBuffers() { return List.of(); }
}
