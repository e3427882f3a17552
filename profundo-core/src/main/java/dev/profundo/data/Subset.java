package dev.profundo.data;

/** A view of some examples of another dataset, in a given order (no data is copied). */
public final class Subset implements Dataset {
    private final Dataset source;
    private final int[] indices;

    /** The examples of {@code source} at {@code indices} (each in range; repeats allowed). */
    public Subset(Dataset source, int[] indices) {
        if (source == null) throw new IllegalArgumentException("Subset: source dataset is null");
        int n = source.size();
        for (int i = 0; i < indices.length; i++)
            if (indices[i] < 0 || indices[i] >= n)
                throw new IllegalArgumentException("Subset: index " + indices[i] + " at position " + i
                        + " is out of range for a dataset of " + n);
        this.source = source;
        this.indices = indices.clone();
    }

    /** The dataset this subset selects from. */
    public Dataset source() { return source; }

    /** A copy of the selected indices into the source. */
    public int[] indices() { return indices.clone(); }

    @Override
    public int size() { return indices.length; }

    @Override
    public Example get(int index) {
        return source.get(indices[checkIndex(index)]);
    }

    @Override
    public Batch getBatch(int[] batchIndices) {
        // Maps to source indices so the source's fast gather still applies.
        int[] mapped = new int[batchIndices.length];
        for (int b = 0; b < mapped.length; b++) mapped[b] = indices[checkIndex(batchIndices[b])];
        return source.getBatch(mapped);
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= indices.length)
            throw new IndexOutOfBoundsException("Subset: index " + i + " is out of range for " + indices.length + " examples");
        return i;
    }
}
