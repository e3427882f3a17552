package dev.profundo.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.profundo.tensor.DType;
import dev.profundo.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir Path dir;

    @Test
    void roundTripsFloatAndInt64InFileOrder() {
        var in = new LinkedHashMap<String, Tensor>();
        in.put("layer.weight", Tensor.of(new float[] {1.5f, -2f, 3.25f, Float.MIN_VALUE, -0f, 1e30f}, 2, 3));
        in.put("labels", Tensor.of(new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}, 4));
        in.put("bias", Tensor.of(new float[] {0.125f}, 1));
        Path f = dir.resolve("m.safetensors");
        Safetensors.save(in, f);
        var out = Safetensors.load(f);
        assertEquals(List.of("layer.weight", "labels", "bias"), List.copyOf(out.keySet()));
        assertSameTensor(in.get("layer.weight"), out.get("layer.weight"));
        assertSameTensor(in.get("labels"), out.get("labels"));
        assertSameTensor(in.get("bias"), out.get("bias"));
    }

    @Test
    void roundTripsZeroDimAndEmptyTensors() {
        var in = new LinkedHashMap<String, Tensor>();
        in.put("scalar", Tensor.scalar(2.5));
        in.put("empty", Tensor.zeros(0, 4));
        in.put("step", Tensor.of(new long[] {7}));
        in.put("empty64", Tensor.of(new long[0], 3, 0));
        Path f = dir.resolve("s.safetensors");
        Safetensors.save(in, f);
        var out = Safetensors.load(f);
        for (var e : in.entrySet()) assertSameTensor(e.getValue(), out.get(e.getKey()));
        assertEquals(0, out.get("scalar").dim());
        assertEquals(2.5, out.get("scalar").item());
        assertEquals(7, out.get("step").item());
    }

    @Test
    void savesViewsAsTheirValues() {
        Tensor base = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 3, 4);
        Tensor transposed = base.t();                 // (4, 3), strided
        Tensor sliced = base.slice(1, 1, 3);          // (3, 2), strided, offset 1
        Tensor tail = base.slice(0, 2, 3);            // contiguous, offset 8
        Tensor ids = Tensor.of(new long[] {1, 2, 3, 4, 5, 6}, 2, 3).t();
        Path f = dir.resolve("v.safetensors");
        Safetensors.save(Map.of("t", transposed, "s", sliced, "tail", tail, "ids", ids), f);
        var out = Safetensors.load(f);
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, out.get("t").toFloatArray());
        assertArrayEquals(new int[] {4, 3}, out.get("t").shape());
        assertArrayEquals(new float[] {1, 2, 5, 6, 9, 10}, out.get("s").toFloatArray());
        assertArrayEquals(new float[] {8, 9, 10, 11}, out.get("tail").toFloatArray());
        assertArrayEquals(new long[] {1, 4, 2, 5, 3, 6}, out.get("ids").toLongArray());
    }

    @Test
    void largeTensorCrossesTheCopyChunks() {
        int n = 700_001; // > 2 chunks of 1 MiB of floats, odd length
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = i * 0.5f - 7;
        Path f = dir.resolve("big.safetensors");
        Safetensors.save(Map.of("v", Tensor.of(v, n)), f);
        assertArrayEquals(v, Safetensors.load(f).get("v").toFloatArray());
        long header = ByteBuffer.wrap(readPrefix(f)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, header % 8);
        assertEquals(8 + header + 4L * n, sizeOf(f));
    }

    @Test
    void metadataRoundTripsAndCanBeReadAlone() {
        var meta = new LinkedHashMap<String, String>();
        meta.put("format", "pt");
        meta.put("config", "{\"layers\": [1, 2], \"note\": \"é\\n\"}");
        Path f = dir.resolve("meta.safetensors");
        Safetensors.save(Map.of("w", Tensor.ones(2)), meta, f);
        assertEquals(meta, Safetensors.metadata(f));
        SafetensorsFile file = Safetensors.read(f);
        assertEquals(meta, file.metadata());
        assertSameTensor(Tensor.ones(2), file.tensors().get("w"));
        Safetensors.save(Map.of("w", Tensor.ones(2)), dir.resolve("plain.safetensors"));
        assertEquals(Map.of(), Safetensors.metadata(dir.resolve("plain.safetensors")));
    }

    /**
     * The exact bytes of a hand-built file: compact JSON, metadata first, space padding to a
     * multiple of 8, little-endian data. Python's safetensors 0.8.0 {@code save_file} writes the
     * same 168 bytes for these tensors (checked once by hand; it orders tensors by dtype, then name).
     */
    @Test
    void headerLayoutIsByteExact() throws IOException {
        var tensors = new LinkedHashMap<String, Tensor>();
        tensors.put("i", Tensor.of(new long[] {258}));
        tensors.put("w", Tensor.of(new float[] {1.0f, -2.0f}, 2));
        Path f = dir.resolve("exact.safetensors");
        Safetensors.save(tensors, Map.of("format", "pt"), f);

        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"i\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}"
                + "      "; // 138 bytes of JSON + 6 spaces = 144, a multiple of 8
        var expected = new ByteArrayOutputStream();
        expected.write(new byte[] {(byte) 144, 0, 0, 0, 0, 0, 0, 0});
        expected.write(json.getBytes(StandardCharsets.US_ASCII));
        expected.write(new byte[] {2, 1, 0, 0, 0, 0, 0, 0});           // 258L little-endian
        expected.write(new byte[] {0, 0, (byte) 0x80, 0x3F});          //  1.0f
        expected.write(new byte[] {0, 0, 0, (byte) 0xC0});             // -2.0f
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(f));
    }

    @Test
    void readsAFileWithoutMetadataAndWithTensorsOutOfOffsetOrder() throws IOException {
        // As written by other tools: keys need not follow offset order, header padded with spaces.
        String json = "{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},"
                + "\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        ByteBuffer data = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(-5).putFloat(0.75f);
        Path f = write("order.safetensors", json + "  ", data.array());
        var out = Safetensors.load(f);
        assertEquals(List.of("b", "a"), List.copyOf(out.keySet()));
        assertEquals(0.75, out.get("b").item());
        assertEquals(-5, out.get("a").item());
        assertEquals(DType.INT64, out.get("a").dtype());
    }

    @Test
    void rejectsUnsupportedDtypeNamingTensorAndDtype() throws IOException {
        String json = "{\"emb\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}";
        var e = assertThrows(SafetensorsException.class, () -> Safetensors.load(write("bf16.safetensors", json, new byte[4])));
        assertTrue(e.getMessage().contains("bf16.safetensors") && e.getMessage().contains("\"emb\"")
                && e.getMessage().contains("BF16"), e.getMessage());
    }

    @Test
    void validationErrorsSayWhatIsWrong() throws IOException {
        String ok = "\"dtype\":\"F32\",\"shape\":[2]";
        assertLoadFails(new byte[5], "too short");
        assertLoadFails(withLength(1L << 40, new byte[16]), "larger than the limit");
        assertLoadFails(withLength(100, new byte[16]), "runs past the end");
        assertLoadFails(file("[1,2]", new byte[0]), "start with '{'");
        assertLoadFails(file("{\"a\":{" + ok + ",\"data_offsets\":[0,8]}", new byte[8]), "not valid JSON");
        assertLoadFails(withLength(4, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}), "UTF-8");
        assertLoadFails(file("{\"a\":{" + ok + ",\"data_offsets\":[0,8]},\"a\":{" + ok + ",\"data_offsets\":[8,16]}}",
                new byte[16]), "duplicate key");
        assertLoadFails(file("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", new byte[8]), "no shape");
        assertLoadFails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", new byte[8]), ">= 0");
        assertLoadFails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", new byte[8]), "integers");
        assertLoadFails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,8]}}", new byte[8]),
                "more than");
        assertLoadFails(file("{\"a\":{\"dtype\":\"F99\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]), "unknown dtype");
        assertLoadFails(file("{\"a\":{" + ok + ",\"data_offsets\":[0,12]}}", new byte[12]), "needs 8");
        assertLoadFails(file("{\"a\":{" + ok + ",\"data_offsets\":[0,8]}}", new byte[6]), "past the end of the data");
        assertLoadFails(file("{\"a\":{" + ok + ",\"data_offsets\":[0,8]}}", new byte[9]), "trailing bytes");
        assertLoadFails(file("{\"a\":{" + ok + ",\"data_offsets\":[4,12]}}", new byte[12]), "belong to no tensor");
        assertLoadFails(file("{\"a\":{" + ok + ",\"data_offsets\":[0,8]},\"b\":{" + ok + ",\"data_offsets\":[4,12]}}",
                new byte[12]), "overlaps");
        assertLoadFails(file("{\"a\":{" + ok + ",\"data_offsets\":[0]}}", new byte[8]), "data_offsets");
        assertLoadFails(file("{\"a\":{" + ok + ",\"data_offsets\":[8,0]}}", new byte[8]), "begin <= end");
        assertLoadFails(file("{\"a\":{" + ok + ",\"data_offsets\":[0,8],\"extra\":1}}", new byte[8]), "unknown field");
        assertLoadFails(file("{\"a\":[1]}", new byte[0]), "not an object");
        assertLoadFails(file("{\"__metadata__\":{\"k\":1}}", new byte[0]), "must be strings");
        assertLoadFails(file("{\"__metadata__\":[]}", new byte[0]), "__metadata__ is not");
    }

    @Test
    void missingFileAndDirectoryAreSafetensorsErrors() {
        var missing = assertThrows(SafetensorsException.class, () -> Safetensors.load(dir.resolve("nope.safetensors")));
        assertTrue(missing.getMessage().contains("nope.safetensors"), missing.getMessage());
        assertThrows(SafetensorsException.class, () -> Safetensors.load(dir));
    }

    @Test
    void saveRejectsReservedAndNullNames() {
        Path f = dir.resolve("x.safetensors");
        assertThrows(IllegalArgumentException.class, () -> Safetensors.save(Map.of("__metadata__", Tensor.ones(1)), f));
        var withNull = new LinkedHashMap<String, Tensor>();
        withNull.put("a", null);
        assertThrows(IllegalArgumentException.class, () -> Safetensors.save(withNull, f));
        assertTrue(Files.notExists(f));
    }

    // ------------------------------------------------------------------ atomic writes

    @Test
    void failedSaveLeavesTheOldFileAndNoTempFiles() throws IOException {
        Path f = dir.resolve("ckpt.safetensors");
        Safetensors.save(Map.of("w", Tensor.ones(3)), f);
        byte[] before = Files.readAllBytes(f);
        assertThrows(IllegalStateException.class, () -> AtomicFile.write(f, ch -> {
            AtomicFile.writeFully(ch, ByteBuffer.wrap(new byte[1000])); // half a file is on disk...
            throw new IllegalStateException("disk full");                // ...when the write fails
        }));
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(List.of(f), listDir());
    }

    @Test
    void directoryTargetIsRefusedAndUntouched() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("model.safetensors"));
        Files.writeString(sub.resolve("keep.txt"), "x");
        var e = assertThrows(IllegalArgumentException.class, () -> Safetensors.save(Map.of("w", Tensor.ones(1)), sub));
        assertTrue(e.getMessage().contains("directory"), e.getMessage());
        assertEquals("x", Files.readString(sub.resolve("keep.txt")));
        assertEquals(List.of(sub), listDir());
    }

    @Test
    void missingParentDirectoryIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.save(Map.of("w", Tensor.ones(1)), dir.resolve("no/such/dir/m.safetensors")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void saveReplacesAnExistingFile() throws IOException {
        Path f = dir.resolve("r.safetensors");
        Files.writeString(f, "old content");
        Safetensors.save(Map.of("w", Tensor.full(4, 2)), f);
        assertArrayEquals(new float[] {4, 4}, Safetensors.load(f).get("w").toFloatArray());
        assertEquals(List.of(f), listDir());
    }

    // ------------------------------------------------------------------ helpers

    private List<Path> listDir() throws IOException {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static void assertSameTensor(Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype());
        assertArrayEquals(expected.shape(), actual.shape());
        if (expected.dtype() == DType.FLOAT32) {
            float[] a = expected.toFloatArray(), b = actual.toFloatArray();
            assertEquals(a.length, b.length);
            for (int i = 0; i < a.length; i++) assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]));
        } else {
            assertArrayEquals(expected.toLongArray(), actual.toLongArray());
        }
    }

    private long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readPrefix(Path f) {
        try (var in = Files.newInputStream(f)) {
            return in.readNBytes(8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] withLength(long n, byte[] rest) {
        return ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN).putLong(n).put(rest).array();
    }

    private static byte[] file(String json, byte[] data) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).put(data).array();
    }

    private Path write(String name, String json, byte[] data) throws IOException {
        return Files.write(dir.resolve(name), file(json, data));
    }

    private int count;

    private void assertLoadFails(byte[] bytes, String expectedText) throws IOException {
        Path f = Files.write(dir.resolve("bad" + (count++) + ".safetensors"), bytes);
        var e = assertThrows(SafetensorsException.class, () -> Safetensors.load(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expectedText), "expected '" + expectedText + "' in: " + e.getMessage());
    }
}
