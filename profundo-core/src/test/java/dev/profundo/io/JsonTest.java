package dev.profundo.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesAllValueKindsInDocumentOrder() {
        Object v = Json.parse(" {\"b\": [1, -2.5, 3e2, true, false, null], \"a\": \"x\\ny\\u00e9\\ud83d\\ude00\"} ");
        var m = (Map<?, ?>) v;
        assertEquals(List.of("b", "a"), new ArrayList<>(m.keySet()));
        assertEquals(Arrays.asList(1L, -2.5, 300.0, true, false, null), m.get("b"));
        assertEquals("x\ny\u00e9\ud83d\ude00", m.get("a"));
    }

    @Test
    void integersBeyondLongBecomeDoubles() {
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(9.223372036854775808E18, Json.parse("9223372036854775808"));
        assertEquals(-0L, Json.parse("-0"));
    }

    @Test
    void rejectsMalformedInputWithOffset() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", ".5", "1e", "NaN", "'a'", "{a:1}",
                "\"\t\"", "\"\\x\"", "\"\\u12\"", "tru", "[1] 2", "{\"a\":1 \"b\":2}", "\"abc", "// c\n1", "\"\\u00g0\"")) {
            var e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("JSON: ") && e.getMessage().contains("offset"), e.getMessage());
        }
    }

    @Test
    void rejectsDuplicateKeys() {
        var e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":1,\"a\":2}"));
        assertTrue(e.getMessage().contains("duplicate key \"a\""), e.getMessage());
    }

    @Test
    void rejectsDeepNestingWithoutStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        var e = assertThrows(IllegalArgumentException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nesting"), e.getMessage());
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        Json.parse(ok);
    }

    @Test
    void writesCompactJsonWithEscapes() {
        var m = new LinkedHashMap<String, Object>();
        m.put("s", "q\"b\\n\n\u0001\u2028");
        m.put("n", List.of(1, 2L, 0.5, 1.5f, -0.0));
        m.put("b", true);
        m.put("z", null);
        assertEquals("{\"s\":\"q\\\"b\\\\n\\n\\u0001\u2028\",\"n\":[1,2,0.5,1.5,-0.0],\"b\":true,\"z\":null}", Json.write(m));
    }

    @Test
    void writeThenParseRoundTrips() {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", "é \uD83D\uDE00 \"x\"");
        m.put("values", List.of(1L, -3L, 2.25, 1.0E-7));
        m.put("nested", Map.of("k", List.of()));
        assertEquals(m, Json.parse(Json.write(m)));
    }

    @Test
    void loneSurrogatesAreEscaped() {
        assertEquals("\"\\ud800x\"", Json.write("\uD800x"));
        assertEquals("\uD800x", Json.parse(Json.write("\uD800x")));
    }

    @Test
    void nonFiniteNumbersBecomeNull() {
        assertEquals("[null,null,null,1.5]", Json.write(Arrays.asList(Double.NaN, Float.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, 1.5)));
    }

    @Test
    void writeRejectsWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, "x")));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        var cycle = new ArrayList<Object>();
        cycle.add(cycle);
        assertThrows(IllegalArgumentException.class, () -> Json.write(cycle));
    }
}
