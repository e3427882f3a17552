package dev.profundo.cli.bench;

import dev.profundo.io.Json;
import dev.profundo.kernels.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tiny real run of {@code profundo bench}, so the benchmark cannot rot: CI runs it in about a second. */
class BenchCommandSmokeTest {
    record Result(int code, String out, String err) {}

    static Result bench(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code;
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8); var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = BenchCommand.run(args, o, e);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void oneRepeatOfMlpInferenceWritesOneCompleteRecord(@TempDir Path dir) throws IOException {
        // The cheapest workload: before C2 compiles the Vector API code even a 256^3 GEMM call takes seconds.
        Path json = dir.resolve("out/bench.json");
        Result r = bench("mlp_infer_b1", "--repeats", "1", "--warmup", "0", "--min-time", "0.01", "--json", json.toString());
        assertEquals(0, r.code(), r.err());

        List<?> records = (List<?>) Json.parse(Files.readString(json));
        assertEquals(1, records.size());
        Map<?, ?> rec = (Map<?, ?>) records.getFirst();
        assertEquals("mlp_infer_b1", rec.get("name"));
        assertEquals("latency_ms", rec.get("metric"));
        double median = number(rec, "median");
        assertEquals(median, number(rec, "latency_ms"), 0.0, "the figure is the median");
        assertTrue(median > 0 && Double.isFinite(median), "median " + median);
        assertEquals(median, number(rec, "min"), 0.0, "one repeat: min == median");
        assertEquals(median, number(rec, "max"), 0.0, "one repeat: max == median");
        assertEquals(1L, rec.get("repeats"));
        assertEquals(List.of(median), ((List<?>) rec.get("samples")).stream().map(x -> ((Number) x).doubleValue()).toList());
        assertEquals((long) Parallel.threads(), rec.get("threads"));
        assertTrue(((String) rec.get("config")).contains("threads"), "config " + rec.get("config"));
        assertTrue(r.out().contains("| mlp_infer_b1 | latency_ms |"), r.out());
    }

    @Test
    void anUnknownWorkloadExitsWith2AndListsTheKnownOnes() {
        Result r = bench("gemm_nn_7x7x7");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no workload matches 'gemm_nn_7x7x7'") && r.err().contains("cnn_train_b128"), r.err());
    }

    @Test
    void aBadRepeatCountExitsWith2NamingTheOption() {
        Result r = bench("--repeats", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--repeats must be a positive integer, got '0'"), r.err());
    }

    @Test
    void listShowsEveryIssue4WorkloadWithItsMetric() {
        Result r = bench("--list");
        assertEquals(0, r.code());
        for (String line : List.of("gemm_nn_4096x4096x4096", "gemm_nt_128x3136x128", "gemm_tn_784x128x256",
                "cnn_train_b128", "mlp_train_b128", "resnet_train_b128", "cnn_infer_b1", "mlp_infer_b256",
                "cnn_train_peak_rss", "fma_peak"))
            assertTrue(r.out().contains(line), line + " missing from\n" + r.out());
        assertEquals(22, r.out().lines().count());
    }

    private static double number(Map<?, ?> rec, String key) {
        return ((Number) rec.get(key)).doubleValue();
    }
}
