package dev.profundo.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.profundo.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile files: every mutation of a valid file must either load or fail with a SafetensorsException. */
class SafetensorsFuzzTest {
    private static final int MUTATIONS = 4000;
    private static final String[] JSON_NOISE = {"{", "}", "[", "]", ",", ":", "\"", "-", "0", "9", "1e999", "99999999999999999999",
            "-1", "null", "true", " ", "\\", "\\u0000", "F32", "I64", "BF16", "__metadata__", "shape", "dtype", "data_offsets",
            "2147483647", "4294967296", "1.5", "[]", "{}", "\u00e9", "\uFFFF"};

    @TempDir Path dir;

    @Test
    void mutatedFilesOnlyEverThrowSafetensorsException() throws IOException {
        byte[] valid = validFile();
        var rng = new SplittableRandom(20240611);
        Path f = dir.resolve("fuzz.safetensors");
        int loaded = 0, rejected = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] bytes = valid;
            int edits = 1 + rng.nextInt(3);
            for (int k = 0; k < edits; k++) bytes = mutate(bytes, rng);
            // Most cases go through memory; every 50th also through a real file, which is slow to write.
            boolean viaFile = i % 50 == 0;
            String name = viaFile ? f.toString() : "mutation-" + i;
            try {
                if (viaFile) Safetensors.read(Files.write(f, bytes));
                else Safetensors.read(new ByteArrayChannel(bytes), name);
                loaded++;
            } catch (SafetensorsException expected) {
                assertTrue(expected.getMessage().startsWith(name + ": "), expected.getMessage());
                rejected++;
            } catch (Throwable t) {
                fail("mutation " + i + " gave " + t + " instead of a SafetensorsException; bytes: "
                        + new String(bytes, StandardCharsets.ISO_8859_1), t);
            }
        }
        assertTrue(rejected > MUTATIONS / 2, "only " + rejected + " mutations were rejected");
        assertTrue(loaded > 0, "no mutation loaded (e.g. a flipped data bit should)");
    }

    private byte[] validFile() throws IOException {
        var t = new LinkedHashMap<String, Tensor>();
        t.put("w", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        t.put("b", Tensor.of(new float[] {0.5f}, 1));
        t.put("ids", Tensor.of(new long[] {3, 1, 4}, 3));
        t.put("s", Tensor.scalar(7));
        t.put("e", Tensor.zeros(0, 2));
        Path f = dir.resolve("valid.safetensors");
        Safetensors.save(t, Map.of("format", "pt", "epoch", "3"), f);
        return Files.readAllBytes(f);
    }

    private static byte[] mutate(byte[] in, SplittableRandom rng) {
        byte[] b = in.clone();
        int headerLen = in.length >= 8 ? (int) Math.min(Math.max(ByteBuffer.wrap(in, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(), 0),
                Math.max(in.length - 8, 0)) : 0;
        switch (rng.nextInt(8)) {
            case 0 -> { // bit flip anywhere
                if (b.length > 0) b[rng.nextInt(b.length)] ^= (byte) (1 << rng.nextInt(8));
            }
            case 1 -> { // bit flip in the header, where it hurts most
                if (headerLen > 0) b[8 + rng.nextInt(headerLen)] ^= (byte) (1 << rng.nextInt(8));
            }
            case 2 -> b = Arrays.copyOf(b, rng.nextInt(b.length + 1)); // truncation
            case 3 -> { // header length edit
                if (b.length >= 8) {
                    long[] choices = {0, 1, 7, headerLen - 1, headerLen + 1, headerLen + 8, -1, Long.MAX_VALUE, 1L << 32,
                            100_000_001, rng.nextLong()};
                    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, choices[rng.nextInt(choices.length)]);
                }
            }
            case 4 -> b = editHeader(b, headerLen, rng, true);  // replace a JSON token
            case 5 -> b = editHeader(b, headerLen, rng, false); // insert or delete JSON text
            case 6 -> b = editNumber(b, headerLen, rng);        // change offsets and shapes
            default -> { // append or drop data bytes
                b = rng.nextBoolean() ? Arrays.copyOf(b, b.length + 1 + rng.nextInt(16)) : Arrays.copyOf(b, Math.max(0, b.length - 1));
            }
        }
        return b;
    }

    /** Rewrites the header text and fixes the length prefix, so the change reaches the JSON checks. */
    private static byte[] editHeader(byte[] b, int headerLen, SplittableRandom rng, boolean replace) {
        if (headerLen == 0) return b;
        String h = new String(b, 8, headerLen, StandardCharsets.ISO_8859_1);
        int at = rng.nextInt(h.length());
        String noise = JSON_NOISE[rng.nextInt(JSON_NOISE.length)];
        int cut = replace || rng.nextBoolean() ? Math.min(h.length() - at, 1 + rng.nextInt(6)) : 0;
        String edited = h.substring(0, at) + (replace || cut == 0 ? noise : "") + h.substring(at + cut);
        return withHeader(b, headerLen, edited.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] editNumber(byte[] b, int headerLen, SplittableRandom rng) {
        if (headerLen == 0) return b;
        String h = new String(b, 8, headerLen, StandardCharsets.ISO_8859_1);
        var m = java.util.regex.Pattern.compile("\\d+").matcher(h);
        var starts = new java.util.ArrayList<int[]>();
        while (m.find()) starts.add(new int[] {m.start(), m.end()});
        if (starts.isEmpty()) return b;
        int[] pick = starts.get(rng.nextInt(starts.size()));
        long old = Long.parseLong(h.substring(pick[0], Math.min(pick[1], pick[0] + 18)));
        long[] choices = {old + 1, old - 1, old + 4, old * 2, 0, Integer.MAX_VALUE, 1L << 31, Long.MAX_VALUE, old + 8};
        String edited = h.substring(0, pick[0]) + choices[rng.nextInt(choices.length)] + h.substring(pick[1]);
        return withHeader(b, headerLen, edited.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] withHeader(byte[] b, int oldLen, byte[] header) {
        byte[] data = Arrays.copyOfRange(b, 8 + oldLen, b.length);
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).put(data).array();
    }
}
