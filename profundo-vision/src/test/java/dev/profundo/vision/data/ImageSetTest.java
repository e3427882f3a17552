package dev.profundo.vision.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A set held as 8-bit levels gives exactly the floats of the same set held as level / 255. */
class ImageSetTest {
    private static final List<String> CLASSES = List.of("a", "b", "c");

    private static byte[] levels(int n) {
        byte[] b = new byte[n];
        new SplittableRandom(3).nextBytes(b);
        b[0] = (byte) 255;   // the extremes, and a level above 127 (negative as a Java byte)
        b[1] = 0;
        return b;
    }

    private static float[] floats(byte[] levels) {
        float[] f = new float[levels.length];
        for (int i = 0; i < f.length; i++) f[i] = (levels[i] & 0xFF) / 255f;
        return f;
    }

    @Test
    void levelsAndFloatsGiveTheSameValuesEverywhere() {
        int n = 7, c = 2, h = 3, w = 4;
        byte[] raw = levels(n * c * h * w);
        long[] y = {0, 1, 2, 0, 1, 2, 0};
        ImageSet byLevels = ImageSet.ofLevels("l", raw, y, c, h, w, CLASSES);
        ImageSet byFloats = new ImageSet("f", floats(raw), y.clone(), c, h, w, CLASSES);
        assertTrue(byLevels.holdsLevels());
        assertFalse(byFloats.holdsLevels());

        int[] idx = {6, 0, 3, 3};
        assertArrayEquals(byFloats.getBatch(idx).x().toFloatArray(), byLevels.getBatch(idx).x().toFloatArray());
        assertArrayEquals(byFloats.getBatch(idx).y().toLongArray(), byLevels.getBatch(idx).y().toLongArray());
        assertArrayEquals(byFloats.get(5).x().toFloatArray(), byLevels.get(5).x().toFloatArray());
        assertArrayEquals(byFloats.pixels(2), byLevels.pixels(2));
        assertArrayEquals(byFloats.images().toFloatArray(), byLevels.images().toFloatArray());
        assertArrayEquals(byFloats.mean(), byLevels.mean());
        assertArrayEquals(byFloats.std(), byLevels.std());

        ImageSet sel = byLevels.select(new int[] {4, 1}, "sel");
        assertTrue(sel.holdsLevels(), "a selection keeps the compact storage");
        assertArrayEquals(byFloats.select(new int[] {4, 1}, "sel").images().toFloatArray(), sel.images().toFloatArray());
        assertArrayEquals(byFloats.head(3).images().toFloatArray(), byLevels.head(3).images().toFloatArray());
    }

    @Test
    void aLevelCountThatDoesNotMatchTheLabelsIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ImageSet.ofLevels("bad", new byte[10], new long[] {0, 1}, 1, 2, 3, CLASSES));
        assertTrue(e.getMessage().contains("12 pixel values") && e.getMessage().contains("got 10"), e.getMessage());
    }
}
