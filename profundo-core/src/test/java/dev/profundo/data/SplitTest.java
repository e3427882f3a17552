package dev.profundo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.profundo.tensor.Tensor;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitTest {

    @Test
    void randomSplitPartitionsAllIndices() {
        var ds = DataLoaderTest.indexed(100);
        var split = Split.randomSplit(ds, 70, 9);
        assertEquals(70, split.first().size());
        assertEquals(30, split.second().size());
        int[] all = IntStream.concat(Arrays.stream(split.first().indices()), Arrays.stream(split.second().indices()))
                .sorted().toArray();
        assertArrayEquals(IntStream.range(0, 100).toArray(), all);
    }

    @Test
    void sameSeedSameSplitRegardlessOfGlobalGenerator() {
        var ds = DataLoaderTest.indexed(100);
        Tensor.manualSeed(1);
        int[] a = Split.randomSplit(ds, 50, 9).first().indices();
        Tensor.manualSeed(2);
        assertArrayEquals(a, Split.randomSplit(ds, 50, 9).first().indices());
    }

    @Test
    void subsetBatchesComeFromTheSourceRows() {
        var ds = DataLoaderTest.indexed(10);
        var sub = new Subset(ds, new int[] {7, 2, 5});
        Batch b = sub.getBatch(new int[] {2, 0});
        assertArrayEquals(new long[] {1005, 1007}, b.y().toLongArray());
        assertEquals(1002, sub.get(1).y().item());
        assertEquals(3, new DataLoader(sub, 2, false).datasetSize());
    }

    @Test
    void badSizesAndIndicesAreRejected() {
        var ds = DataLoaderTest.indexed(10);
        assertThrows(IllegalArgumentException.class, () -> Split.randomSplit(ds, 11, 0));
        assertThrows(IllegalArgumentException.class, () -> Split.randomSplit(ds, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Subset(ds, new int[] {10}));
        assertThrows(IndexOutOfBoundsException.class, () -> new Subset(ds, new int[] {1}).get(1));
    }
}
