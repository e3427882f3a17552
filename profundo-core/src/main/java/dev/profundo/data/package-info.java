/**
 * Datasets and mini-batch loading, as in PyTorch's {@code torch.utils.data}.
 *
 * <p>A {@link dev.profundo.data.Dataset} is an indexable collection of
 * {@link dev.profundo.data.Example}s; {@link dev.profundo.data.TensorDataset} holds one in two
 * tensors. A {@link dev.profundo.data.DataLoader} cuts a dataset into
 * {@link dev.profundo.data.Batch}es, shuffled anew each epoch from the global seeded generator,
 * and {@link dev.profundo.data.Split#randomSplit} carves out a validation set.
 *
 * <pre>{@code
 * var data = new TensorDataset(images, labels);           // (N, 1, 28, 28) float, (N) int64
 * var split = Split.randomSplit(data, 50_000, 7);
 * var train = new DataLoader(split.first(), 64, true);
 * for (Batch b : train) { Tensor loss = crossEntropy(model.forward(b.x()), b.y()); ... }
 * }</pre>
 */
package dev.profundo.data;
