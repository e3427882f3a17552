package dev.profundo.vision.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Property test with random mutations of valid IDX files (plain and gzip): whatever the damage,
 * the reader either returns a consistent array or throws its own {@link IdxFormatException} with a
 * message naming the source, never another exception.
 */
class IdxFuzzTest {
    private static final int CASES = 3000;

    @Test
    void mutatedPlainFilesFailOnlyWithIdxFormatException() {
        int rejected = fuzz(IdxTest.images(4, 6, 5), new SplittableRandom(1));
        assertTrue(rejected > CASES / 2, "most mutations must be caught, got " + rejected + " of " + CASES);
    }

    @Test
    void mutatedGzipFilesFailOnlyWithIdxFormatException() throws IOException {
        int rejected = fuzz(IdxTest.gzip(IdxTest.images(4, 6, 5)), new SplittableRandom(2));
        assertTrue(rejected > CASES / 2, "most mutations must be caught, got " + rejected + " of " + CASES);
    }

    private static int fuzz(byte[] valid, SplittableRandom rng) {
        int rejected = 0;
        for (int c = 0; c < CASES; c++) {
            byte[] m = mutate(valid, rng);
            try {
                IdxArray a = Idx.parse(m, "case-" + c);
                long n = 1;
                for (int d : a.dims()) n *= d;
                assertEquals(n, a.data().length, "case " + c + ": dims and data disagree");
            } catch (IdxFormatException e) {
                rejected++;
                assertTrue(e.getMessage().startsWith("case-" + c + ":"), "message must name the source: " + e.getMessage());
            } catch (Throwable t) {
                fail("case " + c + " (" + Arrays.toString(Arrays.copyOf(m, Math.min(m.length, 24))) + "…) threw " + t, t);
            }
        }
        return rejected;
    }

    private static byte[] mutate(byte[] valid, SplittableRandom rng) {
        byte[] m = valid.clone();
        switch (rng.nextInt(4)) {
            case 0 -> { // flip 1..4 random bytes
                for (int k = 1 + rng.nextInt(4); k > 0; k--) m[rng.nextInt(m.length)] = (byte) rng.nextInt(256);
            }
            case 1 -> m = Arrays.copyOf(m, rng.nextInt(m.length));                 // truncate
            case 2 -> {                                                            // append junk
                m = Arrays.copyOf(m, m.length + 1 + rng.nextInt(16));
                for (int i = valid.length; i < m.length; i++) m[i] = (byte) rng.nextInt(256);
            }
            default -> m[rng.nextInt(Math.min(m.length, 16))] ^= (byte) (1 << rng.nextInt(8)); // header bit flip
        }
        return m;
    }
}
