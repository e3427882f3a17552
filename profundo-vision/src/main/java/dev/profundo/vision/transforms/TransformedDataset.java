package dev.profundo.vision.transforms;

import dev.profundo.data.Batch;
import dev.profundo.data.Dataset;
import dev.profundo.data.Example;
import dev.profundo.tensor.Tensor;

import java.util.SplittableRandom;

/**
 * A dataset whose batches pass through a {@link BatchTransform} as they are loaded, so with
 * {@code DataLoader.prefetch(k)} augmentation runs on the loader thread, beside the training step.
 *
 * <p>Reproducible: each batch's random generator is seeded from {@code seed} and the batch's sample
 * indices alone. The loader's (seeded) shuffle differs every epoch, so augmentations do too, yet they
 * depend neither on thread timing nor on how many batches came before, which keeps a resumed run
 * identical to an uninterrupted one.
 */
public final class TransformedDataset implements Dataset {
    private final Dataset source;
    private final BatchTransform transform;
    private final long seed;

    /** Applies {@code transform} to every batch of {@code source}, with randomness derived from {@code seed}. */
    public TransformedDataset(Dataset source, BatchTransform transform, long seed) {
        if (source == null || transform == null) throw new IllegalArgumentException("TransformedDataset: source and transform are required");
        this.source = source;
        this.transform = transform;
        this.seed = seed;
    }

    /** The untransformed dataset. */
    public Dataset source() { return source; }

    @Override
    public int size() { return source.size(); }

    @Override
    public Example get(int index) {
        Example e = source.get(index);
        Tensor x = transform.apply(e.x().unsqueeze(0), rngFor(new int[] {index}));
        return new Example(x.squeeze(0), e.y());
    }

    @Override
    public Batch getBatch(int[] indices) {
        Batch b = source.getBatch(indices);
        return new Batch(transform.apply(b.x(), rngFor(indices)), b.y());
    }

    private SplittableRandom rngFor(int[] indices) {
        long h = seed * 0x9E3779B97F4A7C15L + indices.length;
        for (int i : indices) h = mix(h ^ i);
        return new SplittableRandom(mix(h));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
