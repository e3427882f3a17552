package dev.profundo.vision.transforms;

import dev.profundo.data.DataLoader;
import dev.profundo.tensor.Tensor;
import dev.profundo.vision.data.ImageSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransformsTest {
    /** A batch of b images 1 x h x w whose pixel (y, x) of image i is i*100 + y*w + x + 1 (never 0). */
    static Tensor ramp(int b, int h, int w) {
        float[] v = new float[b * h * w];
        for (int i = 0; i < b; i++) for (int p = 0; p < h * w; p++) v[i * h * w + p] = i * 100 + p + 1;
        return Tensor.of(v, b, 1, h, w);
    }

    @Test
    void normalizeStandardisesEachChannel() {
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 10, 20, 30, 40}, 1, 2, 2, 2);
        Tensor y = new Normalize(new float[] {1, 20}, new float[] {2, 10}).apply(x, new SplittableRandom(0));
        assertArrayEquals(new float[] {-0.5f, 0, 0.5f, 1, -1, 0, 1, 2}, y.toFloatArray(), 1e-6f);
        assertEquals(0f, x.toFloatArray()[0], "the input is left unchanged");
    }

    @Test
    void normalizeRejectsAZeroStd() {
        assertThrows(IllegalArgumentException.class, () -> new Normalize(new float[] {0}, new float[] {0}));
    }

    @Test
    void cropWithoutPaddingIsTheIdentity() {
        Tensor x = ramp(3, 4, 4);
        assertArrayEquals(x.toFloatArray(), new RandomCrop(0).apply(x, new SplittableRandom(1)).toFloatArray());
    }

    @Test
    void paddedCropShiftsEachImageByAtMostThePaddingAndFillsWithZeros() {
        Tensor x = ramp(50, 6, 6);
        float[] out = new RandomCrop(2).apply(x, new SplittableRandom(3)).toFloatArray();
        int shifted = 0;
        for (int i = 0; i < 50; i++) {
            // Find the shift from where pixel (2,2) of the source landed.
            float target = i * 100 + 2 * 6 + 2 + 1;
            int found = -1;
            for (int p = 0; p < 36; p++) if (out[i * 36 + p] == target) found = p;
            assertTrue(found >= 0, "pixel (2,2) of image " + i + " must stay visible with padding 2");
            int dy = 2 - found / 6, dx = 2 - found % 6;
            assertTrue(Math.abs(dy) <= 2 && Math.abs(dx) <= 2);
            if (dy != 0 || dx != 0) shifted++;
            int zeros = 0;
            for (int p = 0; p < 36; p++) if (out[i * 36 + p] == 0) zeros++;
            assertEquals(36 - (6 - Math.abs(dy)) * (6 - Math.abs(dx)), zeros, "uncovered area must be zero");
        }
        assertTrue(shifted > 30, "most of 50 images should move, moved " + shifted);
    }

    @Test
    void flipWithProbabilityOneMirrorsEveryRow() {
        Tensor x = ramp(2, 2, 3);
        float[] out = new RandomHorizontalFlip(1).apply(x, new SplittableRandom(0)).toFloatArray();
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 103, 102, 101, 106, 105, 104}, out);
    }

    @Test
    void flipWithProbabilityHalfFlipsAboutHalf() {
        Tensor x = ramp(400, 1, 2);
        float[] out = new RandomHorizontalFlip(0.5).apply(x, new SplittableRandom(9)).toFloatArray();
        int flipped = 0;
        for (int i = 0; i < 400; i++) if (out[2 * i] > out[2 * i + 1]) flipped++;
        assertTrue(flipped > 160 && flipped < 240, "flipped " + flipped + " of 400");
    }

    @Test
    void erasingFillsOneRectangleWithinTheScaleRange() {
        Tensor x = ramp(100, 10, 10);
        float[] out = new RandomErasing(1, 0.1, 0.2, 0.5, 2, 0f).apply(x, new SplittableRandom(5)).toFloatArray();
        for (int i = 0; i < 100; i++) {
            int zeros = 0, top = 10, bottom = -1, left = 10, right = -1;
            for (int p = 0; p < 100; p++)
                if (out[i * 100 + p] == 0) {
                    zeros++;
                    top = Math.min(top, p / 10);
                    bottom = Math.max(bottom, p / 10);
                    left = Math.min(left, p % 10);
                    right = Math.max(right, p % 10);
                }
            assertTrue(zeros >= 6 && zeros <= 24, "image " + i + " erased " + zeros + " pixels");
            assertEquals((bottom - top + 1) * (right - left + 1), zeros, "the erased pixels form one rectangle");
        }
    }

    @Test
    void theSameGeneratorGivesTheSameAugmentation() {
        BatchTransform t = new RandomCrop(2).andThen(new RandomHorizontalFlip(0.5)).andThen(new RandomErasing());
        Tensor x = ramp(16, 8, 8);
        assertArrayEquals(t.apply(x, new SplittableRandom(42)).toFloatArray(), t.apply(x, new SplittableRandom(42)).toFloatArray());
        assertFalse(java.util.Arrays.equals(t.apply(x, new SplittableRandom(42)).toFloatArray(),
                t.apply(x, new SplittableRandom(43)).toFloatArray()), "another seed must give another augmentation");
    }

    @Test
    void transformedBatchesDependOnlyOnSeedAndIndicesNotOnCallOrder() {
        float[] px = ramp(32, 6, 6).toFloatArray();
        long[] y = new long[32];
        var set = new ImageSet("r", px, y, 1, 6, 6, List.of("a", "b"));
        BatchTransform t = new RandomCrop(2).andThen(new RandomErasing());
        var a = new TransformedDataset(set, t, 7);
        var b = new TransformedDataset(set, t, 7);
        int[] i1 = {3, 1, 4}, i2 = {5, 9, 2};
        float[] a1 = a.getBatch(i1).x().toFloatArray();
        b.getBatch(i2);                                           // b sees another batch first
        assertArrayEquals(a1, b.getBatch(i1).x().toFloatArray());
        var c = new TransformedDataset(set, t, 8);
        assertTrue(!java.util.Arrays.equals(a1, c.getBatch(i1).x().toFloatArray()), "another seed must change the augmentation");
    }

    @Test
    void aPrefetchingLoaderYieldsTheSameAugmentedEpochAsADirectOne() {
        float[] px = ramp(40, 6, 6).toFloatArray();
        var set = new ImageSet("r", px, new long[40], 1, 6, 6, List.of("a", "b"));
        var ds = new TransformedDataset(set, new RandomCrop(1).andThen(new RandomHorizontalFlip(0.5)), 3);
        List<float[]> direct = new ArrayList<>(), prefetched = new ArrayList<>();
        for (var b : new DataLoader(ds, 8, true).seed(11)) direct.add(b.x().toFloatArray());
        for (var b : new DataLoader(ds, 8, true).seed(11).prefetch(2)) prefetched.add(b.x().toFloatArray());
        assertEquals(direct.size(), prefetched.size());
        for (int i = 0; i < direct.size(); i++) assertArrayEquals(direct.get(i), prefetched.get(i));
    }

    @Test
    void transformsRejectANonImageBatch() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new RandomHorizontalFlip(1).apply(Tensor.zeros(2, 3), new SplittableRandom(0)));
        assertTrue(e.getMessage().contains("(B, C, H, W)"), e.getMessage());
    }
}
