package dev.profundo.cli.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The parsed command line of {@code profundo bench}. */
record BenchOptions(List<String> names, Path json, Integer threads, TimingPlan plan, boolean list, boolean help) {
    /**
     * Parses {@code [NAME…] [--json FILE] [--threads N] [--repeats N] [--quick] [--warmup S] [--min-time S]
     * [--list] [--help]}.
     *
     * @throws IllegalArgumentException for an unknown option or a bad value, naming it
     */
    static BenchOptions parse(String[] args) {
        List<String> names = new ArrayList<>();
        Path json = null;
        Integer threads = null;
        Integer repeats = null;
        Double warmup = null;
        Double minTime = null;
        boolean quick = false, list = false, help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String inline = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                inline = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--json" -> json = Path.of(value(args, i++, a, inline));
                case "--threads" -> threads = positiveInt(a, value(args, i++, a, inline));
                case "--repeats" -> repeats = positiveInt(a, value(args, i++, a, inline));
                case "--warmup" -> warmup = seconds(a, value(args, i++, a, inline), true);
                case "--min-time" -> minTime = seconds(a, value(args, i++, a, inline), false);
                case "--quick" -> quick = true;
                case "--list" -> list = true;
                case "--help", "-h" -> help = true;
                default -> {
                    if (a.startsWith("-"))
                        throw new IllegalArgumentException("bench: unknown option '" + a + "'; see 'profundo bench --help'");
                    names.add(a);
                }
            }
            if (inline != null && a.matches("--(quick|list|help)"))
                throw new IllegalArgumentException("bench: option " + a + " takes no value, got '" + inline + "'");
            if (inline != null) i--;   // the value was inline, not the next argument
        }
        TimingPlan plan = quick ? TimingPlan.QUICK : TimingPlan.DEFAULT;
        if (repeats != null) plan = plan.withRepeats(repeats);
        if (warmup != null) plan = plan.withWarmup(warmup);
        if (minTime != null) plan = plan.withMinTime(minTime);
        return new BenchOptions(List.copyOf(names), json, threads, plan, list, help);
    }

    private static String value(String[] args, int i, String option, String inline) {
        if (inline != null) return inline;
        if (i + 1 >= args.length || args[i + 1].startsWith("--"))
            throw new IllegalArgumentException("bench: option " + option + " needs a value");
        return args[i + 1];
    }

    private static int positiveInt(String option, String v) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) return n;
        } catch (NumberFormatException ignored) {
            // reported below with the value
        }
        throw new IllegalArgumentException("bench: " + option + " must be a positive integer, got '" + v + "'");
    }

    private static double seconds(String option, String v, boolean zeroOk) {
        try {
            double s = Double.parseDouble(v.trim());
            if (Double.isFinite(s) && (s > 0 || (zeroOk && s == 0))) return s;
        } catch (NumberFormatException ignored) {
            // reported below with the value
        }
        throw new IllegalArgumentException("bench: " + option + " must be a number of seconds"
                + (zeroOk ? " >= 0" : " > 0") + ", got '" + v + "'");
    }
}
