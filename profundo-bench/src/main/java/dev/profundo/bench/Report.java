package dev.profundo.bench;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

import java.util.Collection;
import java.util.Locale;

/**
 * Runs JMH with its usual command-line options, then prints every result as GFLOP/s, GB/s and
 * percent of the measured FMA peak for its thread count ({@link Peak}):
 * {@code java --add-modules jdk.incubator.vector -cp profundo-bench/target/benchmarks.jar dev.profundo.bench.Report GemmBench -p threads=2}.
 */
public final class Report {
    private Report() {}

    /** Runs the selected benchmarks and prints the table; exits 1 on a JMH error, 2 on bad options. */
    public static void main(String[] args) {
        Collection<RunResult> results;
        try {
            results = new Runner(new CommandLineOptions(args)).run();
        } catch (CommandLineOptionException e) {
            System.err.println("Report: " + e.getMessage());
            System.exit(2);
            return;
        } catch (RunnerException e) {
            System.err.println("Report: JMH failed: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println();
        System.out.println("| benchmark | params | ops/s | GFLOP/s | % of FMA peak | GB/s |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        for (RunResult r : results) {
            var p = r.getParams();
            var params = new StringBuilder();
            for (String key : p.getParamsKeys()) params.append(params.isEmpty() ? "" : " ").append(key).append('=').append(p.getParam(key));
            double gflops = rate(r, "flop") / 1e9;
            double gbs = rate(r, "bytes") / 1e9;
            String threads = p.getParam("threads");
            int t = threads == null ? 1 : Integer.parseInt(threads);
            String name = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.', p.getBenchmark().lastIndexOf('.') - 1) + 1);
            System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %s | %s | %s |%n", name, params, r.getPrimaryResult().getScore(),
                    gflops > 0 ? String.format(Locale.ROOT, "%.1f", gflops) : "-",
                    gflops > 0 ? String.format(Locale.ROOT, "%.0f %%", 100 * gflops / Peak.gflops(t)) : "-",
                    gbs > 0 ? String.format(Locale.ROOT, "%.1f", gbs) : "-");
        }
        System.out.printf(Locale.ROOT, "%nPeak: %.0f GFLOP/s on 1 thread, %.0f on 2 (measured FMA peak, /work/shared/bench/RESULTS.md)%n",
                Peak.gflops(1), Peak.gflops(2));
    }

    /** The per-second rate of an auxiliary counter, 0 when the benchmark does not count it. */
    private static double rate(RunResult r, String counter) {
        Result<?> res = r.getSecondaryResults().get(counter);
        return res == null ? 0 : res.getScore();
    }
}
