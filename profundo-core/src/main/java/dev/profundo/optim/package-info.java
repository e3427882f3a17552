/**
 * Optimizers, learning-rate schedules and gradient clipping, with PyTorch's {@code torch.optim}
 * formulas and defaults (version 1.13), so hyperparameters from papers and PyTorch code carry over.
 *
 * <pre>{@code
 * var opt = new AdamW(model.parameters(), 3e-4);
 * var schedule = new LinearWarmupCosine(opt, 100, 5_000, 3e-5);
 * for (Batch batch : loader) {
 *     Tensor loss = F.crossEntropy(model.forward(batch.x()), batch.y());
 *     opt.zeroGrad();
 *     loss.backward();
 *     GradClip.clipGradNorm(opt.params(), 1.0);
 *     opt.step();
 *     schedule.step();
 * }
 * }</pre>
 *
 * <p>{@link dev.profundo.optim.SGD}, {@link dev.profundo.optim.Adam}, {@link dev.profundo.optim.AdamW}
 * and {@link dev.profundo.optim.RMSprop} update parameters in place, one fused SIMD pass per
 * parameter, and skip parameters whose gradient is null. Their state, and each schedule's, round-trips
 * through {@code stateDict()} / {@code loadStateDict()} so that a run resumed from a checkpoint
 * continues exactly as an uninterrupted one: load the optimizer's state first, then the schedule's.
 */
package dev.profundo.optim;
