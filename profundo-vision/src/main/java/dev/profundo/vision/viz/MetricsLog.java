package dev.profundo.vision.viz;

import dev.profundo.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The per-epoch rows of a training run's {@code metrics.jsonl}, read as numeric columns. */
public record MetricsLog(List<Map<String, Object>> rows) {

    /** Reads a metrics file; blank lines are skipped, a malformed line is an error naming its number. */
    public static MetricsLog read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(lines, file.toString());
    }

    /** Parses metrics lines; {@code source} names them in errors. */
    @SuppressWarnings("unchecked")
    public static MetricsLog parse(List<String> lines, String source) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            Object v;
            try {
                v = Json.parse(line);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": not a JSON object: " + e.getMessage(), e);
            }
            if (!(v instanceof Map<?, ?> m)) throw new IllegalArgumentException(source + " line " + (i + 1) + ": expected a JSON object");
            rows.add((Map<String, Object>) m);
        }
        return new MetricsLog(List.copyOf(rows));
    }

    /** The column's values, one per row; NaN where a row lacks it or holds null. */
    public double[] column(String name) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) out[i] = rows.get(i).get(name) instanceof Number n ? n.doubleValue() : Double.NaN;
        return out;
    }

    /** True when at least one row has a numeric value for the column. */
    public boolean has(String name) {
        for (double v : column(name)) if (!Double.isNaN(v)) return true;
        return false;
    }

    /** The epoch column, or 1, 2, 3… when the rows have none. */
    public double[] epochs() {
        double[] e = column("epoch");
        for (int i = 0; i < e.length; i++) if (Double.isNaN(e[i])) e[i] = i + 1;
        return e;
    }
}
