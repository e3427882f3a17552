package dev.profundo.vision.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The UCI "Optical Recognition of Handwritten Digits" test set (1,797 images of 8x8 pixels, values
 * 0..16, labels 0..9; E. Alpaydin and C. Kaynak, 1998; CC BY 4.0), shipped inside this jar so the
 * first training run needs no download. Attribution: {@code data/DIGITS-NOTICE.txt} and
 * {@code data/digits.rst} next to this class's resources.
 *
 * <pre>{@code
 * TrainTest digits = Digits.split();   // 1,437 train + 360 test, the same split everywhere
 * }</pre>
 */
public final class Digits {
    /** Images in the dataset. */
    public static final int SIZE = 1797;
    /** Held-out images in {@link #split()}. */
    public static final int TEST_SIZE = 360;
    /** Seed of the fixed split: it mixes all writers across both parts. */
    public static final long SPLIT_SEED = 20240607L;
    /** The class names, "0" to "9". */
    public static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private static final String RESOURCE = "/dev/profundo/vision/data/digits.csv.gz";

    private Digits() {}

    /** All 1,797 images, pixels scaled to [0, 1] (value / 16). */
    public static ImageSet load() {
        try (InputStream raw = Digits.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) throw new IllegalStateException("digits: resource " + RESOURCE + " is missing from the jar; rebuild it");
            return parse(new GZIPInputStream(raw), "digits (built-in)");
        } catch (IOException e) {
            throw new UncheckedIOException("digits: cannot read the built-in resource " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** The fixed seeded split: {@value #TEST_SIZE} held-out images, the rest for training. */
    public static TrainTest split() {
        return TrainTest.split(load(), TEST_SIZE, SPLIT_SEED);
    }

    /**
     * Parses digits CSV rows (64 values 0..16, then the label 0..9) from a stream; {@code source}
     * names it in errors.
     *
     * @throws IllegalArgumentException naming the line for a malformed row
     */
    public static ImageSet parse(InputStream in, String source) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        List<float[]> rows = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        int lineNo = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank()) continue;
            String[] f = line.split(",");
            if (f.length != 65)
                throw new IllegalArgumentException(source + ": line " + lineNo + " has " + f.length
                        + " fields; expected 65 (64 pixels and a label)");
            float[] px = new float[64];
            for (int j = 0; j < 64; j++) {
                int v = parseInt(f[j], source, lineNo);
                if (v < 0 || v > 16)
                    throw new IllegalArgumentException(source + ": line " + lineNo + ", pixel " + j + " is " + v + "; expected 0..16");
                px[j] = v / 16f;
            }
            int label = parseInt(f[64], source, lineNo);
            if (label < 0 || label > 9)
                throw new IllegalArgumentException(source + ": line " + lineNo + " has label " + label + "; expected 0..9");
            rows.add(px);
            labels.add((long) label);
        }
        if (rows.isEmpty()) throw new IllegalArgumentException(source + ": no rows");
        float[] pixels = new float[rows.size() * 64];
        long[] y = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, pixels, i * 64, 64);
            y[i] = labels.get(i);
        }
        return new ImageSet("digits", pixels, y, 1, 8, 8, CLASSES);
    }

    private static int parseInt(String s, String source, int lineNo) {
        try {
            return (int) Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": line " + lineNo + " has a non-numeric value '" + s + "'");
        }
    }
}
