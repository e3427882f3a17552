package dev.profundo.vision.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, the format of MNIST, Fashion-MNIST and their relatives
 * (<a href="http://yann.lecun.com/exdb/mnist/">format description</a>): two zero bytes, a type byte
 * ({@code 0x08} = unsigned byte, the only type these datasets use), the number of dimensions, each
 * dimension as a big-endian int32, then the values. Files may be gzip-compressed ({@code .gz}) or
 * plain; the reader detects which from the first bytes.
 *
 * <p>Everything is validated before use; any defect is one {@link IdxFormatException} naming the
 * file. The decompressed size is bounded by the header, so a hostile file cannot make the reader
 * allocate more than the header promises (itself capped at {@link #MAX_VALUES}).
 */
public final class Idx {
    /** Largest number of values accepted (2^31 - 16, about 2 GB): beyond it a Java array cannot hold them. */
    public static final long MAX_VALUES = Integer.MAX_VALUE - 16;
    private static final int TYPE_UBYTE = 0x08;
    private static final int MAX_DIMS = 8;

    private Idx() {}

    /**
     * Reads an IDX file, gzip-compressed or plain.
     *
     * @throws IdxFormatException if the file is missing, unreadable, corrupt or truncated
     */
    public static IdxArray read(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IdxFormatException(file + ": file not found", e);
        } catch (IOException | OutOfMemoryError e) {
            throw new IdxFormatException(file + ": cannot read the file (" + e.getMessage() + ")", e);
        }
        return parse(raw, file.toString());
    }

    /**
     * Parses IDX content (gzip-compressed or plain) held in memory; {@code source} names it in errors.
     *
     * @throws IdxFormatException if the content is corrupt or truncated
     */
    public static IdxArray parse(byte[] content, String source) {
        if (isGzip(content)) return parseGzip(content, source);
        Header h = header(content, content.length, source);
        long expected = h.headerBytes + h.count;
        if (content.length != expected)
            throw new IdxFormatException(source + ": " + (content.length < expected ? "truncated" : "has trailing bytes")
                    + ": the header " + Arrays.toString(h.dims) + " needs " + expected + " bytes but the file has "
                    + content.length + "; re-download or reinstall the dataset");
        return new IdxArray(h.dims, Arrays.copyOfRange(content, h.headerBytes, content.length));
    }

    private static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B;
    }

    private record Header(int[] dims, int headerBytes, int count) {}

    /** Validates the magic and dimensions found in the first {@code available} bytes of {@code b}. */
    private static Header header(byte[] b, int available, String source) {
        if (available < 4)
            throw new IdxFormatException(source + ": not an IDX file: only " + available
                    + " bytes, shorter than the 4-byte magic number");
        if (b[0] != 0 || b[1] != 0)
            throw new IdxFormatException(source + ": not an IDX file: the magic number must start with two zero bytes, got "
                    + String.format("%02x %02x", b[0] & 0xFF, b[1] & 0xFF));
        int type = b[2] & 0xFF, nd = b[3] & 0xFF;
        if (type != TYPE_UBYTE)
            throw new IdxFormatException(source + ": IDX element type 0x" + String.format("%02x", type)
                    + " is not supported (only 0x08, unsigned bytes, as in the MNIST family)");
        if (nd < 1 || nd > MAX_DIMS)
            throw new IdxFormatException(source + ": IDX file declares " + nd + " dimensions; expected 1 to " + MAX_DIMS);
        int headerBytes = 4 + 4 * nd;
        if (available < headerBytes)
            throw new IdxFormatException(source + ": truncated: the header declares " + nd + " dimensions ("
                    + headerBytes + " bytes) but the file has " + available + " bytes");
        int[] dims = new int[nd];
        long count = 1;
        for (int i = 0; i < nd; i++) {
            int p = 4 + 4 * i;
            dims[i] = ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            if (dims[i] < 0)
                throw new IdxFormatException(source + ": dimension " + i + " is negative (" + dims[i] + ")");
            count *= dims[i];
            if (count > MAX_VALUES)
                throw new IdxFormatException(source + ": the header declares more than " + MAX_VALUES
                        + " values; the file is corrupt");
        }
        return new Header(dims, headerBytes, (int) count);
    }

    private static IdxArray parseGzip(byte[] content, String source) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(content), 1 << 16)) {
            byte[] head = new byte[4 + 4 * MAX_DIMS];
            int got = readUpTo(in, head, 0, 4);
            int nd = got == 4 ? head[3] & 0xFF : 0;
            if (got == 4 && nd >= 1 && nd <= MAX_DIMS) got += readUpTo(in, head, 4, 4 * nd);
            Header h = header(head, got, source);
            // readNBytes grows its buffer as data arrives: a lying header cannot force a huge allocation.
            byte[] data = in.readNBytes(h.count);
            int n = data.length;
            if (n < h.count)
                throw new IdxFormatException(source + ": truncated: the header " + Arrays.toString(h.dims) + " needs "
                        + h.count + " values but the decompressed file holds " + n + "; re-download or reinstall the dataset");
            if (in.read() != -1)
                throw new IdxFormatException(source + ": has trailing bytes after the " + h.count
                        + " values its header " + Arrays.toString(h.dims) + " declares; the file is corrupt");
            return new IdxArray(h.dims, data);
        } catch (IdxFormatException e) {
            throw e;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // A damaged deflate stream surfaces as ZipException/EOFException, sometimes as a runtime error.
            throw new IdxFormatException(source + ": corrupt gzip data (" + e.getMessage()
                    + "); re-download or reinstall the dataset", e);
        }
    }

    /** Reads until {@code len} bytes or end of stream; returns how many were read. */
    private static int readUpTo(InputStream in, byte[] buf, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int r = in.read(buf, off + total, len - total);
            if (r < 0) break;
            total += r;
        }
        return total;
    }

    /** Writes unsigned-byte IDX content (plain, not compressed): for tests and small tools. */
    public static byte[] encode(IdxArray array) {
        int[] dims = array.dims();
        var out = new ByteArrayOutputStream(4 + 4 * dims.length + array.data().length);
        out.write(0);
        out.write(0);
        out.write(TYPE_UBYTE);
        out.write(dims.length);
        for (int d : dims) {
            out.write(d >>> 24);
            out.write(d >>> 16);
            out.write(d >>> 8);
            out.write(d);
        }
        out.writeBytes(array.data());
        return out.toByteArray();
    }
}
