package dev.profundo.vision.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxTest {
    @TempDir Path dir;

    static byte[] images(int n, int h, int w) {
        byte[] data = new byte[n * h * w];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 37);
        return Idx.encode(new IdxArray(new int[] {n, h, w}, data));
    }

    static byte[] labels(int n, int classes) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) data[i] = (byte) (i % classes);
        return Idx.encode(new IdxArray(new int[] {n}, data));
    }

    static byte[] gzip(byte[] raw) throws IOException {
        var bos = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(bos)) {
            gz.write(raw);
        }
        return bos.toByteArray();
    }

    @Test
    void readsPlainAndGzipFilesToTheSameArray() throws IOException {
        byte[] raw = images(3, 4, 5);
        Files.write(dir.resolve("a-idx3-ubyte"), raw);
        Files.write(dir.resolve("a-idx3-ubyte.gz"), gzip(raw));
        IdxArray plain = Idx.read(dir.resolve("a-idx3-ubyte"));
        IdxArray gz = Idx.read(dir.resolve("a-idx3-ubyte.gz"));
        assertArrayEquals(new int[] {3, 4, 5}, plain.dims());
        assertArrayEquals(plain.data(), gz.data());
        assertEquals(60, plain.data().length);
        assertEquals((37 * 59) & 0xFF, plain.unsigned(59));
    }

    @Test
    void rejectsAWrongMagicNamingTheFile() throws IOException {
        byte[] raw = images(1, 2, 2);
        raw[0] = 1;
        Path f = dir.resolve("bad");
        Files.write(f, raw);
        var e = assertThrows(IdxFormatException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void rejectsAnUnsupportedElementType() {
        byte[] raw = images(1, 2, 2);
        raw[2] = 0x0D; // float
        var e = assertThrows(IdxFormatException.class, () -> Idx.parse(raw, "x"));
        assertTrue(e.getMessage().contains("0x0d"), e.getMessage());
    }

    @Test
    void rejectsTruncatedAndOverlongFilesWithTheExpectedSize() {
        byte[] raw = images(2, 3, 3);                        // 16-byte header + 18 values = 34 bytes
        var shorter = assertThrows(IdxFormatException.class, () -> Idx.parse(Arrays.copyOf(raw, 30), "f"));
        assertTrue(shorter.getMessage().contains("truncated") && shorter.getMessage().contains("34"), shorter.getMessage());
        var longer = assertThrows(IdxFormatException.class, () -> Idx.parse(Arrays.copyOf(raw, 35), "f"));
        assertTrue(longer.getMessage().contains("trailing"), longer.getMessage());
    }

    @Test
    void rejectsATruncatedGzipStream() throws IOException {
        byte[] gz = gzip(images(50, 8, 8));
        var e = assertThrows(IdxFormatException.class, () -> Idx.parse(Arrays.copyOf(gz, gz.length / 2), "half.gz"));
        assertTrue(e.getMessage().startsWith("half.gz"), e.getMessage());
    }

    @Test
    void rejectsAHeaderThatPromisesMoreThanAnArrayCanHold() {
        byte[] raw = Idx.encode(new IdxArray(new int[] {0, 0, 0}, new byte[0]));
        raw[4] = (byte) 0x7F;                                // n = 0x7F000000 …
        raw[11] = (byte) 0x10;                               // … times 16 rows
        raw[15] = 1;
        var e = assertThrows(IdxFormatException.class, () -> Idx.parse(raw, "huge"));
        assertTrue(e.getMessage().contains("more than"), e.getMessage());
    }

    @Test
    void missingFileIsAFormatErrorNamingIt() {
        var e = assertThrows(IdxFormatException.class, () -> Idx.read(dir.resolve("nope.gz")));
        assertTrue(e.getMessage().contains("nope.gz") && e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void loadsAnImagesAndLabelsPairAsAnImageSet() throws IOException {
        Files.write(dir.resolve("img"), images(6, 4, 4));
        Files.write(dir.resolve("lab"), labels(6, 3));
        ImageSet s = IdxImages.load(dir.resolve("img"), dir.resolve("lab"), List.of("a", "b", "c"), "t");
        assertEquals(6, s.size());
        assertEquals(2, s.label(5));
        assertEquals(((37 * 17) & 0xFF) / 255f, s.pixels(1)[1], 1e-7);
        assertArrayEquals(new int[] {6, 1, 4, 4}, s.images().shape());
    }

    @Test
    void rejectsImageAndLabelFilesOfDifferentCounts() throws IOException {
        Files.write(dir.resolve("img"), images(6, 4, 4));
        Files.write(dir.resolve("lab"), labels(5, 3));
        var e = assertThrows(IdxFormatException.class,
                () -> IdxImages.load(dir.resolve("img"), dir.resolve("lab"), List.of("a", "b", "c"), "t"));
        assertTrue(e.getMessage().contains("6 images") && e.getMessage().contains("5 labels"), e.getMessage());
    }

    @Test
    void rejectsALabelBeyondTheClassList() throws IOException {
        Files.write(dir.resolve("img"), images(6, 4, 4));
        Files.write(dir.resolve("lab"), labels(6, 4));
        var e = assertThrows(IdxFormatException.class,
                () -> IdxImages.load(dir.resolve("img"), dir.resolve("lab"), List.of("a", "b", "c"), "t"));
        assertTrue(e.getMessage().contains("label 3"), e.getMessage());
    }

    @Test
    void rejectsSwappedImageAndLabelFiles() throws IOException {
        Files.write(dir.resolve("img"), images(6, 4, 4));
        Files.write(dir.resolve("lab"), labels(6, 3));
        var e = assertThrows(IdxFormatException.class,
                () -> IdxImages.load(dir.resolve("lab"), dir.resolve("img"), List.of("a", "b", "c"), "t"));
        assertTrue(e.getMessage().contains("labels file"), e.getMessage());
    }
}
