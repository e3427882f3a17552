package dev.profundo.io;

import dev.profundo.tensor.DType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed and fully validated header of a safetensors file: where each tensor lies, and the
 * metadata. Every check of the format lives here, so that reading data afterwards cannot fail on
 * a bad offset or size.
 */
record SafetensorsHeader(List<Entry> entries, Map<String, String> metadata, long dataStart) {
    /** Largest header accepted, as in the reference implementation. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";

    /** Dtype names of the safetensors spec that Profundo does not read, for a clearer message. */
    private static final Set<String> KNOWN_DTYPES = Set.of("BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0",
            "F4", "F6_E2M3", "F6_E3M2", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64", "C64");
    private static final Set<String> ENTRY_FIELDS = Set.of("dtype", "shape", "data_offsets");
    private static final int MAX_ELEMENTS = Integer.MAX_VALUE - 16; // what one Profundo tensor can hold

    /** One tensor's place in the data area (offsets relative to the data start). */
    record Entry(String name, DType dtype, int[] shape, int numel, long begin, long end) {}

    /**
     * Validates the 8-byte length prefix against the file size and returns the header length.
     * {@code prefix} holds the first 8 bytes of the file.
     */
    static int headerLength(String file, byte[] prefix, long fileSize) {
        long n = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 0 || n > MAX_HEADER_BYTES)
            throw fail(file, "header length " + Long.toUnsignedString(n) + " is larger than the limit of "
                    + MAX_HEADER_BYTES + " bytes (not a safetensors file, or a corrupt one)");
        if (n > fileSize - 8)
            throw fail(file, "header length " + n + " runs past the end of the file (" + fileSize + " bytes; truncated?)");
        if (n < 2) throw fail(file, "header length " + n + " is too short for a JSON object");
        return (int) n;
    }

    /** Parses and validates the header bytes of a file of {@code fileSize} bytes. */
    static SafetensorsHeader parse(String file, byte[] headerBytes, long fileSize) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(headerBytes)).toString();
        } catch (CharacterCodingException e) {
            throw fail(file, "header is not valid UTF-8");
        }
        if (text.isEmpty() || text.charAt(0) != '{') throw fail(file, "header does not start with '{'");
        Object root;
        try {
            root = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(file + ": header is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map)) throw fail(file, "header is not a JSON object");

        long dataStart = 8L + headerBytes.length;
        long dataSize = fileSize - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (var e : map.entrySet()) {
            String name = (String) e.getKey(); // Json.parse only makes String keys
            if (name.equals(METADATA_KEY)) metadata = metadata(file, e.getValue());
            else entries.add(entry(file, name, e.getValue(), dataSize));
        }
        checkCoverage(file, entries, dataSize);
        return new SafetensorsHeader(List.copyOf(entries), metadata, dataStart);
    }

    private static Map<String, String> metadata(String file, Object value) {
        if (!(value instanceof Map<?, ?> m)) throw fail(file, METADATA_KEY + " is not a JSON object");
        var out = new LinkedHashMap<String, String>();
        for (var e : m.entrySet()) {
            if (!(e.getValue() instanceof String s))
                throw fail(file, METADATA_KEY + " value of \"" + e.getKey() + "\" is " + kind(e.getValue())
                        + ", but metadata values must be strings");
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static Entry entry(String file, String name, Object value, long dataSize) {
        String where = "tensor \"" + name + "\"";
        if (!(value instanceof Map<?, ?> info)) throw fail(file, where + " is described by " + kind(value) + ", not an object");
        for (Object key : info.keySet())
            if (!ENTRY_FIELDS.contains(key))
                throw fail(file, where + " has an unknown field \"" + key + "\" (expected dtype, shape, data_offsets)");

        if (!(info.get("dtype") instanceof String dtypeName))
            throw fail(file, where + " has " + describeField(info, "dtype") + " instead of a dtype string");
        DType dtype = null;
        for (DType d : DType.values()) if (d.safetensorsName().equals(dtypeName)) dtype = d;
        if (dtype == null) {
            throw fail(file, where + (KNOWN_DTYPES.contains(dtypeName)
                    ? " has dtype " + dtypeName + ", which Profundo does not read (supported: F32, I64)"
                    : " has unknown dtype \"" + dtypeName + "\" (supported: F32, I64)"));
        }

        if (!(info.get("shape") instanceof List<?> dims))
            throw fail(file, where + " has " + describeField(info, "shape") + " instead of a shape list");
        int[] shape = new int[dims.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long d) || d < 0)
                throw fail(file, where + " has shape entry " + dims.get(i) + " at dim " + i + "; sizes must be integers >= 0");
            if (d > MAX_ELEMENTS || (numel = numel * d) > MAX_ELEMENTS)
                throw fail(file, where + " has shape " + dims + ", more than the " + MAX_ELEMENTS
                        + " elements one Profundo tensor can hold");
            shape[i] = (int) (long) d;
        }

        if (!(info.get("data_offsets") instanceof List<?> offs) || offs.size() != 2
                || !(offs.get(0) instanceof Long begin) || !(offs.get(1) instanceof Long end))
            throw fail(file, where + " has " + describeField(info, "data_offsets")
                    + " instead of data_offsets [begin, end] (two integers)");
        if (begin < 0 || end < begin)
            throw fail(file, where + " has data_offsets [" + begin + ", " + end + "]; need 0 <= begin <= end");
        long bytes = numel * dtype.byteSize();
        if (end - begin != bytes)
            throw fail(file, where + " has data_offsets [" + begin + ", " + end + "] spanning " + (end - begin)
                    + " bytes, but shape " + dims + " of " + dtypeName + " needs " + bytes);
        if (end > dataSize)
            throw fail(file, where + " has data_offsets [" + begin + ", " + end + "] past the end of the data area ("
                    + dataSize + " bytes; truncated file?)");
        return new Entry(name, dtype, shape, (int) numel, begin, end);
    }

    /** The spec requires the tensors to tile the data area exactly: no gap, no overlap, nothing after. */
    private static void checkCoverage(String file, List<Entry> entries, long dataSize) {
        var sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        String previous = null;
        for (Entry e : sorted) {
            if (e.begin() < expected)
                throw fail(file, "tensor \"" + e.name() + "\" overlaps tensor \"" + previous + "\" (starts at byte "
                        + e.begin() + ", which is before " + expected + ")");
            if (e.begin() > expected)
                throw fail(file, "bytes " + expected + " to " + e.begin() + " of the data area belong to no tensor"
                        + " (the format requires tensors packed without gaps)");
            expected = e.end();
            previous = e.name();
        }
        if (expected != dataSize)
            throw fail(file, "the data area holds " + dataSize + " bytes but the tensors cover " + expected
                    + " (trailing bytes after the last tensor)");
    }

    private static String describeField(Map<?, ?> info, String field) {
        return info.containsKey(field) ? field + " " + kind(info.get(field)) : "no " + field;
    }

    private static String kind(Object v) {
        return switch (v) {
            case null -> "null";
            case String _ -> "a string";
            case Long l -> "the number " + l;
            case Double d -> "the number " + d;
            case Boolean b -> "the boolean " + b;
            case List<?> l -> "a list of " + l.size();
            case Map<?, ?> _ -> "an object";
            default -> v.getClass().getSimpleName();
        };
    }

    static SafetensorsException fail(String file, String what) {
        return new SafetensorsException(file + ": " + what);
    }
}
