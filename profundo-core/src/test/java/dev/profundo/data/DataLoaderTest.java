package dev.profundo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.profundo.tensor.DType;
import dev.profundo.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderTest {

    /** n samples; x[i] = [i, i + 0.5] (float), y[i] = 1000 + i (int64), so a batch reveals its indices. */
    static TensorDataset indexed(int n) {
        float[] x = new float[n * 2];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = i + 0.5f;
            y[i] = 1000L + i;
        }
        return new TensorDataset(Tensor.of(x, n, 2), Tensor.of(y, n));
    }

    /** The sample indices of one epoch, batch by batch, checked against the x/y pairing. */
    static List<long[]> epoch(DataLoader loader) {
        var out = new ArrayList<long[]>();
        for (Batch b : loader) {
            long[] ids = b.y().toLongArray();
            float[] x = b.x().toFloatArray();
            for (int r = 0; r < ids.length; r++) {
                assertEquals(ids[r] - 1000, x[2 * r], "x row does not belong to y label");
                assertEquals(ids[r] - 1000 + 0.5f, x[2 * r + 1]);
            }
            out.add(ids);
        }
        return out;
    }

    static long[] flat(List<long[]> batches) {
        return batches.stream().flatMapToLong(Arrays::stream).toArray();
    }

    @Test
    void batchCountRoundsUpWithoutDropLastAndDownWithIt() {
        assertEquals(4, new DataLoader(indexed(10), 3, false).size());
        assertEquals(3, new DataLoader(indexed(10), 3, false, true).size());
        assertEquals(2, new DataLoader(indexed(10), 5, false, true).size());
        assertEquals(10, new DataLoader(indexed(10), 3, false).datasetSize());
    }

    @Test
    void lastBatchIsPartialUnlessDropped() {
        var kept = epoch(new DataLoader(indexed(10), 4, false));
        assertEquals(List.of(4, 4, 2), kept.stream().map(a -> a.length).toList());
        assertArrayEquals(new long[] {1008, 1009}, kept.get(2));
        var dropped = epoch(new DataLoader(indexed(10), 4, false, true));
        assertEquals(List.of(4, 4), dropped.stream().map(a -> a.length).toList());
    }

    @Test
    void batchShapesAndDtypes() {
        Batch b = new DataLoader(indexed(10), 4, false).iterator().next();
        assertArrayEquals(new int[] {4, 2}, b.x().shape());
        assertArrayEquals(new int[] {4}, b.y().shape());
        assertEquals(DType.FLOAT32, b.x().dtype());
        assertEquals(DType.INT64, b.y().dtype());
        assertArrayEquals(new long[] {1000, 1001, 1002, 1003}, b.y().toLongArray());
    }

    @Test
    void shuffledEpochVisitsEveryIndexOnce() {
        long[] ids = flat(epoch(new DataLoader(indexed(103), 8, true)));
        assertEquals(103, ids.length);
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 103; i++) assertEquals(1000 + i, sorted[i]);
        assertFalse(Arrays.equals(ids, sorted), "a shuffled epoch of 103 came out in order");
    }

    @Test
    void eachEpochHasANewOrder() {
        var loader = new DataLoader(indexed(50), 10, true).seed(3);
        long[] first = flat(epoch(loader));
        long[] second = flat(epoch(loader));
        assertFalse(Arrays.equals(first, second));
    }

    @Test
    void sameSeedSameOrderEpochAfterEpoch() {
        var a = new DataLoader(indexed(50), 10, true).seed(42);
        var b = new DataLoader(indexed(50), 10, true).seed(42);
        for (int e = 0; e < 3; e++) assertArrayEquals(flat(epoch(a)), flat(epoch(b)));
        assertFalse(Arrays.equals(flat(epoch(new DataLoader(indexed(50), 10, true).seed(43))),
                flat(epoch(new DataLoader(indexed(50), 10, true).seed(42)))));
    }

    @Test
    void globalManualSeedMakesUnseededShufflingReproducible() {
        Tensor.manualSeed(7);
        var l1 = new DataLoader(indexed(40), 16, true);
        long[] e1 = flat(epoch(l1)), e2 = flat(epoch(l1));
        Tensor.manualSeed(7);
        var l2 = new DataLoader(indexed(40), 16, true);
        assertArrayEquals(e1, flat(epoch(l2)));
        assertArrayEquals(e2, flat(epoch(l2)));
    }

    @Test
    void unshuffledLoaderLeavesGlobalGeneratorAlone() {
        Tensor.manualSeed(11);
        double expected = Tensor.rand(1).item();
        Tensor.manualSeed(11);
        epoch(new DataLoader(indexed(20), 4, false));
        assertEquals(expected, Tensor.rand(1).item());
    }

    @Test
    void prefetchGivesIdenticalBatches() {
        for (int k : new int[] {1, 3}) {
            var plain = new DataLoader(indexed(77), 8, true).seed(5);
            var ahead = new DataLoader(indexed(77), 8, true).seed(5).prefetch(k);
            for (int e = 0; e < 2; e++) {
                var p = epoch(plain);
                var a = epoch(ahead);
                assertEquals(p.size(), a.size());
                for (int i = 0; i < p.size(); i++) assertArrayEquals(p.get(i), a.get(i));
            }
        }
    }

    @Test
    void prefetchRethrowsTheDatasetsError() {
        Dataset failing = new Dataset() {
            public int size() { return 10; }
            public Example get(int i) {
                if (i == 6) throw new IllegalStateException("sample 6 is corrupt");
                return new Example(Tensor.of(new float[] {i}, 1), Tensor.of(new long[] {i}));
            }
        };
        Iterator<Batch> it = new DataLoader(failing, 4, false).prefetch(2).iterator();
        assertEquals(4, it.next().size());
        var e = assertThrows(IllegalStateException.class, it::next);
        assertEquals("sample 6 is corrupt", e.getMessage());
        assertFalse(it.hasNext());
    }

    @Test
    void closingAPrefetchIteratorStopsItsThread() throws Exception {
        Iterator<Batch> it = new DataLoader(indexed(1000), 1, false).prefetch(2).iterator();
        it.next();
        ((AutoCloseable) it).close();
        assertFalse(it.hasNext());
        for (int i = 0; i < 100 && threadAlive(); i++) Thread.sleep(10);
        assertFalse(threadAlive(), "prefetch thread still running after close()");
    }

    private static boolean threadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("profundo-dataloader") && t.isAlive());
    }

    @Test
    void worksOnASlicedView() {
        var all = indexed(30);
        Tensor xs = all.x().slice(0, 10, 25), ys = all.y().slice(0, 10, 25);
        var loader = new DataLoader(new TensorDataset(xs, ys), 4, false);
        long[] ids = flat(epoch(loader));
        assertEquals(15, ids.length);
        assertEquals(1010, ids[0]);
        assertEquals(1024, ids[14]);
    }

    @Test
    void worksOnANonContiguousView() {
        // x.t() of a (2, 6) tensor: 6 samples whose rows are strided in storage.
        Tensor base = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15}, 2, 6);
        var ds = new TensorDataset(base.t(), Tensor.of(new long[] {0, 1, 2, 3, 4, 5}, 6));
        Batch b = ds.getBatch(new int[] {4, 1});
        assertArrayEquals(new float[] {4, 14, 1, 11}, b.x().toFloatArray());
        assertArrayEquals(new long[] {4, 1}, b.y().toLongArray());
    }

    @Test
    void floatTargetsAndInt64InputsKeepTheirDtypes() {
        var ds = new TensorDataset(Tensor.of(new long[] {5, 6, 7, 8, 9, 10}, 3, 2), Tensor.of(new float[] {0.5f, 1.5f, 2.5f}, 3, 1));
        Batch b = new DataLoader(ds, 2, false).iterator().next();
        assertEquals(DType.INT64, b.x().dtype());
        assertArrayEquals(new long[] {5, 6, 7, 8}, b.x().toLongArray());
        assertArrayEquals(new int[] {2, 1}, b.y().shape());
        assertArrayEquals(new float[] {0.5f, 1.5f}, b.y().toFloatArray());
    }

    @Test
    void genericDatasetIsStackedByTheDefaultGetBatch() {
        Dataset squares = new Dataset() {
            public int size() { return 5; }
            public Example get(int i) { return new Example(Tensor.of(new float[] {i, i * i}, 2), Tensor.of(new long[] {i})); }
        };
        Batch b = squares.getBatch(new int[] {3, 0, 4});
        assertArrayEquals(new int[] {3, 2}, b.x().shape());
        assertArrayEquals(new float[] {3, 9, 0, 0, 4, 16}, b.x().toFloatArray());
        assertArrayEquals(new int[] {3}, b.y().shape());
        assertArrayEquals(new long[] {3, 0, 4}, b.y().toLongArray());
    }

    @Test
    void defaultGetBatchRejectsUnequalShapes() {
        Dataset ragged = new Dataset() {
            public int size() { return 2; }
            public Example get(int i) { return new Example(Tensor.zeros(i + 1), null); }
        };
        var e = assertThrows(IllegalArgumentException.class, () -> ragged.getBatch(new int[] {0, 1}));
        assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("[1]"), e.getMessage());
    }

    @Test
    void defaultGetBatchRejectsAPartlyLabeledBatch() {
        Dataset partly = new Dataset() {
            public int size() { return 2; }
            public Example get(int i) { return new Example(Tensor.zeros(2), i == 0 ? null : Tensor.of(new long[] {1})); }
        };
        var e = assertThrows(IllegalArgumentException.class, () -> partly.getBatch(new int[] {0, 1}));
        assertTrue(e.getMessage().contains("no y"), e.getMessage());
        assertEquals(1, partly.getBatch(new int[] {1}).y().numel());
    }

    @Test
    void tensorDatasetGetReturnsOneSampleWithoutBatchDim() {
        Example ex = indexed(5).get(3);
        assertArrayEquals(new int[] {2}, ex.x().shape());
        assertArrayEquals(new float[] {3, 3.5f}, ex.x().toFloatArray());
        assertEquals(0, ex.y().dim());
        assertEquals(1003, ex.y().item());
    }

    @Test
    void unlabeledDatasetGivesNullTargets() {
        var ds = new TensorDataset(Tensor.zeros(5, 3));
        Batch b = new DataLoader(ds, 2, false).iterator().next();
        assertEquals(null, b.y());
        assertArrayEquals(new int[] {2, 3}, b.x().shape());
    }

    @Test
    void clearErrorsForBadArguments() {
        var mismatch = assertThrows(IllegalArgumentException.class, () -> new TensorDataset(Tensor.zeros(4, 2), Tensor.zeros(3)));
        assertTrue(mismatch.getMessage().contains("[4, 2]") && mismatch.getMessage().contains("[3]"), mismatch.getMessage());
        var bs = assertThrows(IllegalArgumentException.class, () -> new DataLoader(indexed(4), 0, true));
        assertTrue(bs.getMessage().contains("batchSize"), bs.getMessage());
        var empty = assertThrows(IllegalArgumentException.class, () -> new DataLoader(new TensorDataset(Tensor.zeros(0, 2)), 4, true));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(indexed(4), 8, false, true));
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(indexed(4), 2, false).prefetch(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> indexed(4).getBatch(new int[] {0, 4}));
        assertThrows(IndexOutOfBoundsException.class, () -> indexed(4).get(-1));
    }

    @Test
    void exhaustedIteratorSaysSo() {
        Iterator<Batch> it = new DataLoader(indexed(3), 4, false).iterator();
        it.next();
        assertFalse(it.hasNext());
        assertThrows(java.util.NoSuchElementException.class, it::next);
    }

    @Test
    void differentShuffledEpochsDifferFromEachOtherAcrossManyEpochs() {
        var loader = new DataLoader(indexed(20), 20, true).seed(1);
        var seen = new java.util.HashSet<String>();
        for (int e = 0; e < 10; e++) seen.add(Arrays.toString(flat(epoch(loader))));
        assertEquals(10, seen.size());
    }
}
