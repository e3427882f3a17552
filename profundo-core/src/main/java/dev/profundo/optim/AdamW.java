package dev.profundo.optim;

import dev.profundo.tensor.Tensor;

import java.util.List;

/**
 * AdamW (Loshchilov &amp; Hutter), exactly as PyTorch's {@code torch.optim.AdamW}: Adam whose weight
 * decay shrinks the parameter directly, {@code p = p·(1 - lr·weightDecay)}, before the Adam update
 * on the raw gradient (see {@link Adam} for the moment formulas). PyTorch's default weight decay is 0.01.
 */
public final class AdamW extends AdamCore {

    /** AdamW with PyTorch's defaults: betas 0.9/0.999, eps 1e-8, weight decay 0.01, no AMSGrad. */
    public AdamW(List<Tensor> params, double lr) {
        this(params, lr, 0.01);
    }

    /** AdamW with the given decoupled weight decay and PyTorch's other defaults. */
    public AdamW(List<Tensor> params, double lr, double weightDecay) {
        this(params, lr, 0.9, 0.999, 1e-8, weightDecay, false);
    }

    /** AdamW with every PyTorch option. */
    public AdamW(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                 boolean amsgrad) {
        super(params, lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    @Override
    boolean decoupled() { return true; }
}
