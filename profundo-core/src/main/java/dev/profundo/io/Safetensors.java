package dev.profundo.io;

import dev.profundo.tensor.DType;
import dev.profundo.tensor.Tensor;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes <a href="https://github.com/huggingface/safetensors">safetensors</a> files,
 * the model format shared with PyTorch and the Hugging Face ecosystem: an 8-byte little-endian
 * header length, a JSON header naming each tensor's dtype, shape and byte range, then the raw
 * little-endian values. Loading runs no code and validates every field first.
 *
 * <pre>{@code
 * Safetensors.save(model.stateDict(), Map.of("epoch", "3"), Path.of("model.safetensors"));
 * Map<String, Tensor> weights = Safetensors.load(Path.of("model.safetensors"));
 * }</pre>
 *
 * <p>Saving is atomic (see {@link AtomicFile}): a failed save leaves the previous file as it was.
 */
public final class Safetensors {
    private static final int CHUNK_BYTES = 1 << 20;

    private Safetensors() {}

    /** Saves tensors (in map order) to {@code file}, replacing it atomically. */
    public static void save(Map<String, Tensor> tensors, Path file) {
        save(tensors, Map.of(), file);
    }

    /**
     * Saves tensors (in map order) and string metadata to {@code file}, replacing it atomically.
     * Each tensor is stored as its row-major values, so views and non-contiguous tensors are fine.
     *
     * @throws IllegalArgumentException for a null or reserved ({@code __metadata__}) name, a null
     *     tensor or metadata entry, or a target that is a directory
     * @throws UncheckedIOException when the file cannot be written (the old file survives)
     */
    public static void save(Map<String, Tensor> tensors, Map<String, String> metadata, Path file) {
        var entries = new ArrayList<Map.Entry<String, Tensor>>(tensors.size());
        for (var e : tensors.entrySet()) {
            if (e.getKey() == null) throw new IllegalArgumentException("Safetensors.save: a tensor name is null");
            if (e.getKey().equals(SafetensorsHeader.METADATA_KEY))
                throw new IllegalArgumentException("Safetensors.save: the name \"__metadata__\" is reserved by the format");
            if (e.getValue() == null) throw new IllegalArgumentException("Safetensors.save: tensor \"" + e.getKey() + "\" is null");
            entries.add(Map.entry(e.getKey(), e.getValue()));
        }
        for (var e : metadata.entrySet())
            if (e.getKey() == null || e.getValue() == null)
                throw new IllegalArgumentException("Safetensors.save: metadata entry " + e.getKey() + "=" + e.getValue()
                        + " has a null key or value");
        byte[] header = header(entries, metadata);
        AtomicFile.write(file, ch -> {
            var prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            AtomicFile.writeFully(ch, prefix);
            AtomicFile.writeFully(ch, ByteBuffer.wrap(header));
            long largest = 8;
            for (var e : entries) largest = Math.max(largest, (long) e.getValue().numel() * e.getValue().dtype().byteSize());
            var buf = chunkBuffer(largest);
            for (var e : entries) writeData(ch, buf, e.getValue());
        });
    }

    /** Loads all tensors of a file into a new {@link LinkedHashMap}, in file order. */
    public static Map<String, Tensor> load(Path file) {
        return new LinkedHashMap<>(read(file).tensors());
    }

    /**
     * The {@code __metadata__} strings of a file, in a new {@link LinkedHashMap} (empty when it has
     * none); reads and validates the header only, not the tensor data.
     */
    public static Map<String, String> metadata(Path file) {
        try (var ch = open(file)) {
            return readHeader(file.toString(), ch).metadata();
        } catch (IOException e) {
            throw ioFailure(file.toString(), e);
        }
    }

    /**
     * Reads a whole file: tensors in file order and metadata, both as unmodifiable maps.
     *
     * @throws SafetensorsException naming the file and the problem when the file is missing,
     *     unreadable, truncated, malformed, or holds a dtype other than F32 and I64
     */
    public static SafetensorsFile read(Path file) {
        try (var ch = open(file)) {
            return read(ch, file.toString());
        } catch (IOException e) {
            throw ioFailure(file.toString(), e);
        }
    }

    /** Reads a whole safetensors image from a channel; {@code name} labels the errors. */
    static SafetensorsFile read(SeekableByteChannel ch, String name) {
        try {
            SafetensorsHeader header = readHeader(name, ch);
            var tensors = new LinkedHashMap<String, Tensor>();
            long largest = 8;
            for (var e : header.entries()) largest = Math.max(largest, e.end() - e.begin());
            var buf = chunkBuffer(largest);
            for (var e : header.entries())
                tensors.put(e.name(), readData(name, ch, buf, header.dataStart() + e.begin(), e));
            return new SafetensorsFile(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(header.metadata()));
        } catch (IOException e) {
            throw ioFailure(name, e);
        }
    }

    /** A staging buffer for bulk conversion, no bigger than the largest tensor needs. */
    private static ByteBuffer chunkBuffer(long largestTensorBytes) {
        return ByteBuffer.allocateDirect((int) Math.min(CHUNK_BYTES, largestTensorBytes)).order(ByteOrder.LITTLE_ENDIAN);
    }

    // ------------------------------------------------------------------ writing

    /** Compact JSON like the reference writer, metadata first, padded with spaces to 8 bytes. */
    static byte[] header(List<Map.Entry<String, Tensor>> entries, Map<String, String> metadata) {
        var json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            Json.writeString(json, SafetensorsHeader.METADATA_KEY);
            json.append(':').append(Json.write(metadata));
        }
        long offset = 0;
        for (var e : entries) {
            Tensor t = e.getValue();
            long bytes = (long) t.numel() * t.dtype().byteSize();
            if (json.length() > 1) json.append(',');
            Json.writeString(json, e.getKey());
            json.append(":{\"dtype\":\"").append(t.dtype().safetensorsName()).append("\",\"shape\":[");
            int[] shape = t.shape();
            for (int i = 0; i < shape.length; i++) json.append(i == 0 ? "" : ",").append(shape[i]);
            json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        json.append('}');
        while (utf8Length(json) % 8 != 0) json.append(' ');
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int utf8Length(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private static void writeData(FileChannel ch, ByteBuffer buf, Tensor t) throws IOException {
        int n = t.numel();
        if (t.dtype() == DType.FLOAT32) {
            // A contiguous tensor is written straight from its storage; a view is copied once.
            float[] src = t.isContiguous() ? t.floatStorage() : t.toFloatArray();
            int base = t.isContiguous() ? t.storageOffset() : 0;
            int per = buf.capacity() / Float.BYTES;
            for (int done = 0; done < n; done += per) {
                int len = Math.min(per, n - done);
                buf.clear();
                buf.asFloatBuffer().put(src, base + done, len);
                buf.limit(len * Float.BYTES);
                AtomicFile.writeFully(ch, buf);
            }
        } else {
            long[] src = t.isContiguous() ? t.longStorage() : t.toLongArray();
            int base = t.isContiguous() ? t.storageOffset() : 0;
            int per = buf.capacity() / Long.BYTES;
            for (int done = 0; done < n; done += per) {
                int len = Math.min(per, n - done);
                buf.clear();
                buf.asLongBuffer().put(src, base + done, len);
                buf.limit(len * Long.BYTES);
                AtomicFile.writeFully(ch, buf);
            }
        }
    }

    // ------------------------------------------------------------------ reading

    private static FileChannel open(Path file) {
        if (Files.isDirectory(file)) throw new SafetensorsException(file + ": is a directory, not a safetensors file");
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new SafetensorsException(file + ": no such file", e);
        } catch (IOException e) {
            throw ioFailure(file.toString(), e);
        }
    }

    private static SafetensorsHeader readHeader(String name, SeekableByteChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) throw SafetensorsHeader.fail(name, "file is " + size + " bytes, too short for a safetensors header");
        byte[] prefix = new byte[8];
        readFully(name, ch, ByteBuffer.wrap(prefix), 0);
        int n = SafetensorsHeader.headerLength(name, prefix, size);
        byte[] header = new byte[n];
        readFully(name, ch, ByteBuffer.wrap(header), 8);
        return SafetensorsHeader.parse(name, header, size);
    }

    private static Tensor readData(String file, SeekableByteChannel ch, ByteBuffer buf, long pos, SafetensorsHeader.Entry e)
            throws IOException {
        int n = e.numel();
        int width = e.dtype().byteSize();
        int per = buf.capacity() / width;
        if (e.dtype() == DType.FLOAT32) {
            float[] out = new float[n];
            for (int done = 0; done < n; done += per) {
                int len = Math.min(per, n - done);
                buf.clear().limit(len * width);
                readFully(file, ch, buf, pos + (long) done * width);
                buf.flip();
                buf.asFloatBuffer().get(out, done, len);
            }
            return Tensor.wrap(out, e.shape());
        }
        long[] out = new long[n];
        for (int done = 0; done < n; done += per) {
            int len = Math.min(per, n - done);
            buf.clear().limit(len * width);
            readFully(file, ch, buf, pos + (long) done * width);
            buf.flip();
            buf.asLongBuffer().get(out, done, len);
        }
        return Tensor.wrap(out, e.shape());
    }

    private static void readFully(String file, SeekableByteChannel ch, ByteBuffer buf, long pos) throws IOException {
        long p = pos;
        ch.position(pos);
        while (buf.hasRemaining()) {
            int r = ch.read(buf);
            if (r < 0) throw new SafetensorsException(file + ": file ended early at byte " + p + " (changed while reading?)",
                    new EOFException());
            p += r;
        }
    }

    private static SafetensorsException ioFailure(String file, IOException e) {
        return new SafetensorsException(file + ": could not read: " + e, e);
    }
}
