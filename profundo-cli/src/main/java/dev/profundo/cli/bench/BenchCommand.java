package dev.profundo.cli.bench;

import dev.profundo.kernels.Parallel;
import dev.profundo.kernels.VectorOps;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code profundo bench [NAME…] [--json FILE] [--threads N] [--repeats N]}: times the issue-4 workloads
 * (SGEMM shapes, CNN/MLP training and inference, CNN training peak RSS) and prints a table; {@code --json}
 * writes one record per workload in the format {@code bench/torch_workloads.py} writes for PyTorch.
 */
public final class BenchCommand {
    /** Exit code of a successful run. */
    public static final int OK = 0;
    /** Exit code when a workload failed. */
    public static final int FAILURE = 1;
    /** Exit code of a bad command line. */
    public static final int USAGE = 2;

    private BenchCommand() {}

    /** Runs the command line and exits with its code (lets scripts run the bench without the main CLI). */
    public static void main(String[] args) {
        int code = run(args);
        System.out.flush();
        System.exit(code);
    }

    /** Runs the bench command line on the standard streams; returns the exit code. */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    /** Runs the bench command line, printing the table to {@code out} and progress to {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        BenchOptions opts;
        List<Workload> chosen;
        try {
            opts = BenchOptions.parse(args);
            if (opts.help()) {
                out.print(help());
                return OK;
            }
            chosen = Workloads.select(opts.names());
        } catch (IllegalArgumentException e) {
            err.println("profundo " + e.getMessage());
            return USAGE;
        }
        if (opts.list()) {
            for (Workload w : chosen) out.printf("%-26s %-18s %s%n", w.name(), w.metric().key(), w.description());
            return OK;
        }
        if (!VectorOps.simdAvailable())
            err.println("profundo bench: WARNING: the Vector API is not available (" + VectorOps.SPECIES_DESCRIPTION
                    + "); kernels run scalar. Start Java with --add-modules jdk.incubator.vector.");
        if (opts.threads() != null) Parallel.setThreads(opts.threads());
        String config = config();
        err.println("# profundo bench: " + config);
        List<BenchResult> results = new ArrayList<>();
        try {
            for (Workload w : chosen) {
                err.printf(Locale.ROOT, "# %s ...%n", w.name());
                var s = Sampler.measure(w, opts.plan());
                var r = new BenchResult(w.name(), w.metric(), Parallel.threads(), s.values(), s.warmupSeconds(), config);
                results.add(r);
                err.printf(Locale.ROOT, "#   %s %s median %.4g [%.4g–%.4g], %d repeats after %.1f s warm-up%s%n",
                        r.name(), r.metric().key(), r.median(), r.min(), r.max(), r.repeats(), r.warmupSeconds(),
                        s.settled() ? "" : " (warm-up hit its cap before the speed settled and the JIT went quiet:"
                                + " the figures may include compilation)");
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            err.println("profundo bench: workload failed: " + e);
            writeJson(opts.json(), results, err);
            return FAILURE;
        }
        out.print(table(results));
        out.println("config: " + config);
        return writeJson(opts.json(), results, err) ? OK : FAILURE;
    }

    /** A markdown table of the results. */
    static String table(List<BenchResult> results) {
        var b = new StringBuilder("| workload | metric | median | min | max | repeats | threads |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (BenchResult r : results)
            b.append(String.format(Locale.ROOT, "| %s | %s | %.4g | %.4g | %.4g | %d | %d |%n", r.name(), r.metric().key(),
                    r.median(), r.min(), r.max(), r.repeats(), r.threads()));
        return b.toString();
    }

    /** One line describing what ran: Java, SIMD, threads, GC, heap, and the JVM's -X flags. */
    static String config() {
        var gcs = ManagementFactory.getGarbageCollectorMXBeans().stream().map(g -> g.getName()).toList();
        var flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X")).toList();
        return String.format(Locale.ROOT, "Profundo on Java %s (%s), SIMD %s, %d threads (Parallel pool), GC %s, max heap %d MiB, %d CPUs, JVM flags: %s",
                Runtime.version(), System.getProperty("java.vm.name"), VectorOps.SPECIES_DESCRIPTION, Parallel.threads(),
                String.join("/", gcs), Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
                flags.isEmpty() ? "none" : String.join(" ", flags));
    }

    private static boolean writeJson(Path file, List<BenchResult> results, PrintStream err) {
        if (file == null) return true;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(file, BenchResult.toJson(results));
            err.println("# wrote " + results.size() + " records to " + file);
            return true;
        } catch (IOException | UncheckedIOException e) {
            err.println("profundo bench: cannot write --json " + file + ": " + e.getMessage());
            return false;
        }
    }

    static String help() {
        return """
                Usage: profundo bench [NAME...] [--json FILE] [--threads N] [--repeats N] [--quick]
                                      [--warmup SECONDS] [--min-time SECONDS] [--list]

                Times the performance workloads (issue 4) and prints a table of median/min/max.
                NAME is a workload name (e.g. gemm_nn_2048x2048x2048, cnn_train_b128), a prefix
                (gemm, gemm_nt, cnn, mlp_infer) or a glob (gemm_*_128x*); none runs them all.

                  --json FILE        write one JSON record per workload (name, the figure, metric,
                                     threads, median, min, max, repeats, samples, config)
                  --threads N        kernel threads (default: all cores)
                  --repeats N        timed repeats per workload (default 5, quick 3)
                  --quick            shorter warm-up (2-20 s) and repeats (0.25 s)
                  --warmup SECONDS   minimum warm-up per workload (default 3; runs on until the speed is steady
                                     and the JIT quiet, max 30)
                  --min-time SECONDS minimum length of one repeat (default 0.5)
                  --list             list the workloads and exit

                Figures: gflops (2*M*N*K per GEMM), images_per_second, latency_ms (batch 1),
                peak_rss_mib (VmHWM; cnn_train_peak_rss is only meaningful first in its process).
                Side by side with PyTorch: bench/compare.sh
                """;
    }
}
