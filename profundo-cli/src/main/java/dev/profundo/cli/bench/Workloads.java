package dev.profundo.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The registry of benchmark workloads and the name patterns that select them. */
public final class Workloads {
    private Workloads() {}

    /**
     * Every workload, in run order. {@code cnn_train_peak_rss} comes first because VmHWM only ever grows:
     * it is the process's peak, so it means "CNN training" only when nothing bigger ran before it.
     */
    public static List<Workload> all() {
        List<Workload> out = new ArrayList<>();
        List<Workload> models = ModelWorkloads.all();
        out.add(models.getFirst());
        out.addAll(GemmWorkloads.all());
        out.addAll(models.subList(1, models.size()));
        return out;
    }

    /**
     * The workloads selected by {@code patterns}, in registry order: a pattern is an exact name, a prefix
     * ending at an underscore boundary ({@code gemm}, {@code gemm_nt}, {@code cnn}), or a glob with
     * {@code *}. No patterns selects everything.
     *
     * @throws IllegalArgumentException naming a pattern that selects nothing, with the known names
     */
    public static List<Workload> select(List<String> patterns) {
        List<Workload> all = all();
        if (patterns.isEmpty()) return all;
        Set<Workload> chosen = new LinkedHashSet<>();
        for (String p : patterns) {
            List<Workload> hits = all.stream().filter(w -> matches(p, w.name())).toList();
            if (hits.isEmpty())
                throw new IllegalArgumentException("bench: no workload matches '" + p + "'; known workloads: "
                        + String.join(", ", all.stream().map(Workload::name).toList()));
            chosen.addAll(hits);
        }
        return all.stream().filter(chosen::contains).toList();
    }

    static boolean matches(String pattern, String name) {
        if (pattern.contains("*")) {
            String regex = Pattern.quote(pattern).replace("*", "\\E.*\\Q");
            return name.matches(regex);
        }
        return name.equals(pattern) || name.startsWith(pattern + "_");
    }
}
