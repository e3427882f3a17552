package dev.profundo.cli.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The outcome of one workload: its figure's median, min and max over {@code samples} (one value per
 * timed repeat), the thread count, and how long warm-up ran.
 */
public record BenchResult(String name, Metric metric, int threads, double[] samples, double warmupSeconds, String config) {
    /** Copies the samples so the record stays unchanged. */
    public BenchResult {
        if (samples == null || samples.length == 0)
            throw new IllegalArgumentException("BenchResult " + name + ": needs at least one sample");
        samples = samples.clone();
    }

    /** The median of the samples (mean of the middle two for an even count). */
    public double median() {
        double[] s = sorted();
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The smallest sample. */
    public double min() { return sorted()[0]; }

    /** The largest sample. */
    public double max() { return sorted()[samples.length - 1]; }

    /** The number of timed repeats. */
    public int repeats() { return samples.length; }

    private double[] sorted() {
        double[] s = samples.clone();
        Arrays.sort(s);
        return s;
    }

    /**
     * One JSON object: {@code name}, the figure under its metric key (the median), {@code metric},
     * {@code threads}, {@code median}, {@code min}, {@code max}, {@code repeats}, {@code samples},
     * {@code warmup_s} and {@code config}.
     */
    public String toJson() {
        String sampleList = Arrays.stream(samples).mapToObj(BenchResult::num).collect(Collectors.joining(", "));
        return "{\"name\": " + quote(name)
                + ", \"" + metric.key() + "\": " + num(median())
                + ", \"metric\": " + quote(metric.key())
                + ", \"threads\": " + threads
                + ", \"median\": " + num(median())
                + ", \"min\": " + num(min())
                + ", \"max\": " + num(max())
                + ", \"repeats\": " + repeats()
                + ", \"samples\": [" + sampleList + "]"
                + ", \"warmup_s\": " + num(warmupSeconds)
                + ", \"config\": " + quote(config) + "}";
    }

    /** A JSON list of records, one per line. */
    public static String toJson(List<BenchResult> results) {
        return results.stream().map(r -> "  " + r.toJson()).collect(Collectors.joining(",\n", "[\n", "\n]\n"));
    }

    private static String num(double v) {
        if (!Double.isFinite(v)) return "null";   // JSON has no NaN; an unknown figure is null
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    else b.append(ch);
                }
            }
        }
        return b.append('"').toString();
    }
}
