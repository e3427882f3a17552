/**
 * Batch transforms for images (B, C, H, W): {@link dev.profundo.vision.transforms.Normalize},
 * {@link dev.profundo.vision.transforms.RandomCrop}, {@link dev.profundo.vision.transforms.RandomHorizontalFlip},
 * {@link dev.profundo.vision.transforms.RandomErasing}, chained with {@code andThen} and applied on the
 * loading path by {@link dev.profundo.vision.transforms.TransformedDataset}.
 *
 * <pre>{@code
 * var augment = new RandomCrop(2).andThen(new RandomHorizontalFlip(0.5)).andThen(new Normalize(mean, std));
 * var loader = new DataLoader(new TransformedDataset(train, augment, seed), 128, true).prefetch(2);
 * }</pre>
 *
 * <p>Transforms never modify their input and draw randomness only from the generator they are given.
 */
package dev.profundo.vision.transforms;
