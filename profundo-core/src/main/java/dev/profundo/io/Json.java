package dev.profundo.io;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader and writer (RFC 8259) for safetensors headers, run logs, metrics
 * files and the CLI's {@code --json} output.
 *
 * <p>{@link #parse} maps objects to {@link LinkedHashMap} (keys in document order), arrays to
 * {@link List}, strings to {@link String}, integers that fit a {@code long} to {@link Long}, other
 * numbers to {@link Double}, {@code true}/{@code false} to {@link Boolean} and {@code null} to
 * null. It rejects anything outside the grammar (comments, trailing commas, {@code NaN}, leading
 * zeros, unescaped control characters), duplicate keys, nesting deeper than {@value #MAX_DEPTH}
 * and input longer than {@value #MAX_CHARS} characters, always with an
 * {@link IllegalArgumentException} that gives the offset.
 */
public final class Json {
    /** Deepest nesting of arrays and objects that {@link #parse} accepts. */
    public static final int MAX_DEPTH = 128;
    /** Longest input, in characters, that {@link #parse} accepts. */
    public static final int MAX_CHARS = 100_000_000;

    private Json() {}

    /**
     * Parses one JSON value (surrounding whitespace allowed) into plain Java objects.
     *
     * @throws IllegalArgumentException naming the offset and the problem, on any malformed input
     */
    public static Object parse(String text) {
        if (text == null) throw new IllegalArgumentException("JSON: input is null");
        if (text.length() > MAX_CHARS)
            throw new IllegalArgumentException("JSON: input of " + text.length() + " characters exceeds the limit of " + MAX_CHARS);
        return new JsonReader(text).document();
    }

    /**
     * Writes a value as compact JSON: {@link Map} (String keys), {@link Collection} or array of
     * objects, {@link CharSequence}, {@link Number}, {@link Boolean}, {@link Character} and null.
     * NaN and infinite numbers, which JSON cannot hold, are written as {@code null} (as
     * JavaScript's {@code JSON.stringify} does), so a metrics row with a missing or diverged
     * value still makes a valid line.
     *
     * @throws IllegalArgumentException for a non-String map key, a cycle, or a value of another type
     */
    public static String write(Object value) {
        var out = new StringBuilder();
        write(out, value, 0);
        return out.toString();
    }

    /** Appends {@code s} as a quoted, escaped JSON string. */
    public static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // Lone surrogates cannot be encoded as UTF-8, so they travel as escapes.
                    boolean loneSurrogate = Character.isHighSurrogate(c)
                            ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                            : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
                    if (c < 0x20 || loneSurrogate) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }

    private static void write(StringBuilder out, Object value, int depth) {
        if (depth > MAX_DEPTH)
            throw new IllegalArgumentException("Json.write: nesting deeper than " + MAX_DEPTH + " (a cycle?)");
        switch (value) {
            case null -> out.append("null");
            case CharSequence s -> writeString(out, s.toString());
            case Character c -> writeString(out, c.toString());
            case Boolean b -> out.append(b.booleanValue());
            case Double d -> out.append(Double.isFinite(d) ? d.toString() : "null");
            case Float f -> out.append(Float.isFinite(f) ? f.toString() : "null");
            case Long l -> out.append(l.longValue());
            case Integer i -> out.append(i.intValue());
            case Short s -> out.append(s.shortValue());
            case Byte b -> out.append(b.byteValue());
            case BigInteger b -> out.append(b);
            case BigDecimal b -> out.append(b);
            // Double/Float.toString forms ("1.0E-5", "-0.0") are valid JSON numbers.
            case Map<?, ?> m -> {
                out.append('{');
                boolean first = true;
                for (var e : m.entrySet()) {
                    if (!(e.getKey() instanceof String key))
                        throw new IllegalArgumentException("Json.write: map keys must be Strings, got "
                                + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
                    if (!first) out.append(',');
                    first = false;
                    writeString(out, key);
                    out.append(':');
                    write(out, e.getValue(), depth + 1);
                }
                out.append('}');
            }
            case Collection<?> c -> writeArray(out, c, depth);
            case Object[] a -> writeArray(out, java.util.Arrays.asList(a), depth);
            default -> throw new IllegalArgumentException("Json.write: cannot write a " + value.getClass().getName()
                    + " (use Map, List, String, Number, Boolean or null)");
        }
    }

    private static void writeArray(StringBuilder out, Collection<?> c, int depth) {
        out.append('[');
        boolean first = true;
        for (Object o : c) {
            if (!first) out.append(',');
            first = false;
            write(out, o, depth + 1);
        }
        out.append(']');
    }

    /** Recursive-descent parser over one string. */
    private static final class JsonReader {
        private final String s;
        private int pos;
        private int depth;

        JsonReader(String s) { this.s = s; }

        Object document() {
            skipWhitespace();
            Object v = value();
            skipWhitespace();
            if (pos != s.length()) throw error("unexpected " + describe(pos) + " after the value");
            return v;
        }

        private Object value() {
            if (pos >= s.length()) throw error("unexpected end of input, expected a value");
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) yield number();
                    throw error("unexpected " + describe(pos) + ", expected a value");
                }
            };
        }

        private Map<String, Object> object() {
            enter();
            pos++; // '{'
            var map = new LinkedHashMap<String, Object>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                depth--;
                return map;
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') throw error("expected a string key, found " + describe(pos));
                int keyAt = pos;
                String key = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                Object v = value();
                if (map.containsKey(key)) throw error("duplicate key \"" + shorten(key) + "\" (at offset " + keyAt + ")");
                map.put(key, v);
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == '}') break;
                if (c != ',') throw error("expected ',' or '}' in object, found " + describe(pos - 1));
            }
            depth--;
            return map;
        }

        private List<Object> array() {
            enter();
            pos++; // '['
            var list = new ArrayList<Object>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                depth--;
                return list;
            }
            while (true) {
                skipWhitespace();
                list.add(value());
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == ']') break;
                if (c != ',') throw error("expected ',' or ']' in array, found " + describe(pos - 1));
            }
            depth--;
            return Collections.unmodifiableList(list);
        }

        private String string() {
            pos++; // opening quote
            var sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) throw error("unterminated string");
                char c = s.charAt(pos++);
                if (c == '"') return sb.toString();
                if (c < 0x20) throw error("unescaped control character U+" + String.format("%04X", (int) c) + " in string");
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (pos >= s.length()) throw error("unterminated escape in string");
                char e = s.charAt(pos++);
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> sb.append(hex4());
                    default -> throw error("invalid escape '\\" + e + "' in string");
                }
            }
        }

        private char hex4() {
            if (pos + 4 > s.length()) throw error("truncated \\u escape");
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = Character.digit(s.charAt(pos + i), 16);
                if (d < 0 || s.charAt(pos + i) > 'f') throw error("invalid hex digit in \\u escape");
                v = v * 16 + d;
            }
            pos += 4;
            return (char) v;
        }

        private Object number() {
            int start = pos;
            if (peek() == '-') pos++;
            if (peek() == '0') {
                pos++;
                if (isDigit(peek())) throw error("leading zero in number");
            } else if (isDigit(peek())) {
                while (isDigit(peek())) pos++;
            } else {
                throw error("expected a digit in number, found " + describe(pos));
            }
            boolean integral = true;
            if (peek() == '.') {
                integral = false;
                pos++;
                if (!isDigit(peek())) throw error("expected a digit after the decimal point");
                while (isDigit(peek())) pos++;
            }
            if (peek() == 'e' || peek() == 'E') {
                integral = false;
                pos++;
                if (peek() == '+' || peek() == '-') pos++;
                if (!isDigit(peek())) throw error("expected a digit in the exponent");
                while (isDigit(peek())) pos++;
            }
            String text = s.substring(start, pos);
            if (integral && pos - start <= 20) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException tooBig) {
                    // falls through to a double, like most JSON readers
                }
            }
            return Double.parseDouble(text); // grammar checked above, so this cannot throw
        }

        private Object literal(String word, Object v) {
            if (!s.startsWith(word, pos)) throw error("unexpected " + describe(pos) + ", expected a value");
            pos += word.length();
            return v;
        }

        private void enter() {
            if (++depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
        }

        private void expect(char c) {
            if (peek() != c) throw error("expected '" + c + "', found " + describe(pos));
            pos++;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
                pos++;
            }
        }

        private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

        private String describe(int at) {
            if (at >= s.length()) return "end of input";
            char c = s.charAt(at);
            return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
        }

        private static String shorten(String key) {
            return key.length() <= 80 ? key : key.substring(0, 77) + "...";
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("JSON: " + what + " at offset " + Math.min(pos, s.length()));
        }
    }
}
