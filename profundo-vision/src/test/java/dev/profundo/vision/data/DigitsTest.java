package dev.profundo.vision.data;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigitsTest {
    @Test
    void theBuiltInSetHas1797ImagesOf8x8InTheUnitRange() {
        ImageSet d = Digits.load();
        assertEquals(1797, d.size());
        assertArrayEquals(new int[] {1797, 1, 8, 8}, d.images().shape());
        float[] px = d.images().toFloatArray();
        float min = 1, max = 0;
        for (float v : px) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
        // The first row of the CSV: label 0, pixel 2 is 5/16.
        assertEquals(0, d.label(0));
        assertEquals(5 / 16f, d.pixels(0)[2]);
    }

    @Test
    void everyDigitHasAbout180Images() {
        int[] counts = Digits.load().classCounts();
        assertEquals(1797, Arrays.stream(counts).sum());
        for (int c : counts) assertTrue(c >= 174 && c <= 183, Arrays.toString(counts));
    }

    @Test
    void theSplitIsFixedDisjointAndCoversEveryImage() {
        TrainTest a = Digits.split(), b = Digits.split();
        assertEquals(1437, a.train().size());
        assertEquals(360, a.test().size());
        assertArrayEquals(a.test().images().toFloatArray(), b.test().images().toFloatArray());
        var seen = new HashSet<String>();
        for (ImageSet part : new ImageSet[] {a.train(), a.test()})
            for (int i = 0; i < part.size(); i++) seen.add(Arrays.toString(part.pixels(i)) + part.label(i));
        // The UCI file has a handful of exact duplicates; all other rows stay distinct across the split.
        assertTrue(seen.size() >= 1790, "distinct images: " + seen.size());
    }

    @Test
    void theSplitMixesEveryClassIntoTheTestPart() {
        int[] counts = Digits.split().test().classCounts();
        for (int c : counts) assertTrue(c >= 20, Arrays.toString(counts));
    }

    @Test
    void attributionShipsNextToTheData() {
        assertNotNull(Digits.class.getResource("/dev/profundo/vision/data/DIGITS-NOTICE.txt"));
        assertNotNull(Digits.class.getResource("/dev/profundo/vision/data/digits.rst"));
    }

    @Test
    void aMalformedRowNamesItsLine() {
        String csv = "0,".repeat(64) + "3\n" + "1,2,3\n";
        var e = assertThrows(IllegalArgumentException.class,
                () -> Digits.parse(new ByteArrayInputStream(csv.getBytes(StandardCharsets.US_ASCII)), "x.csv"));
        assertTrue(e.getMessage().contains("x.csv: line 2 has 3 fields"), e.getMessage());
    }
}
