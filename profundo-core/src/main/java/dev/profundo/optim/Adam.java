package dev.profundo.optim;

import dev.profundo.tensor.Tensor;

import java.util.List;

/**
 * Adam (Kingma &amp; Ba), exactly as PyTorch's {@code torch.optim.Adam}, with weight decay as an L2
 * term added to the gradient and the optional AMSGrad variant. At step t (per parameter, from 1):
 * <pre>
 * g = grad + weightDecay·p
 * m = β1·m + (1 - β1)·g
 * v = β2·v + (1 - β2)·g²                 (AMSGrad: vmax = max(vmax, v), used below instead of v)
 * p = p - lr/(1 - β1^t) · m / (sqrt(v)/sqrt(1 - β2^t) + eps)
 * </pre>
 * For decoupled weight decay (what transformers are usually trained with) use {@link AdamW}.
 */
public final class Adam extends AdamCore {

    /** Adam with PyTorch's defaults: betas 0.9/0.999, eps 1e-8, no weight decay, no AMSGrad. */
    public Adam(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /** Adam with every PyTorch option; {@code weightDecay} is an L2 penalty added to the gradient. */
    public Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                boolean amsgrad) {
        super(params, lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    @Override
    boolean decoupled() { return false; }
}
