package dev.profundo.cli;

import dev.profundo.kernels.Parallel;
import dev.profundo.vision.data.FashionMnist;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** {@code profundo info}: version, Java, SIMD status, threads and where datasets are looked for. */
final class InfoCommand implements Command {
    private static final OptionSpec OPTIONS = new OptionSpec()
            .value("data", "DIR", "also show this dataset folder in the search path");

    @Override public String name() { return "info"; }

    @Override public String summary() { return "Show the version, Java, SIMD status, threads and dataset search paths."; }

    @Override public String usage() { return "profundo info"; }

    @Override public OptionSpec options() { return OPTIONS; }

    @Override
    public int run(Args a, Console io) {
        var out = io.out();
        out.println("Profundo " + Main.version());
        out.println("Java      " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vendor") + ") at " + System.getProperty("java.home"));
        String simd = Simd.status();
        out.println("SIMD      " + simd);
        if (!Simd.enabled()) io.err().println("WARNING: SIMD IS OFF: " + simd);
        out.println("Threads   " + Parallel.threads() + " compute threads (" + Runtime.getRuntime().availableProcessors()
                + " processors available, --threads N to change)");
        out.printf(Locale.ROOT, "Memory    %,d MiB max heap%s%n", Runtime.getRuntime().maxMemory() >> 20, youngGeneration());
        out.println("Datasets  digits: built in (UCI 8x8 digits, 1,797 images, CC BY 4.0)");
        out.println("          fashion-mnist, searched in order:");
        for (Path p : FashionMnist.searchPath(Optional.ofNullable(a.getPath("data"))))
            out.println("            " + p + (FashionMnist.hasAllFiles(p) ? "  [found]" : "  [not found]"));
        out.println("            (install: sudo apt-get install dataset-fashion-mnist, or put the 4 IDX files in "
                + FashionMnist.userDir() + ";");
        out.println("             when it is nowhere, train/eval download it there from " + FashionMnist.downloadUrl()
                + " with an MD5 check, unless PROFUNDO_OFFLINE=1)");
        return 0;
    }

    /**
     * ", young generation N MiB usable (...)": eden plus one survivor space, committed, from the collector's
     * memory pools, or "" where the JVM reports neither. The launcher sizes it (tools/jvm-flags.sh), and
     * PROFUNDO_MEMORY=small picks a smaller one, PROFUNDO_MEMORY=large a large one.
     */
    static String youngGeneration() {
        long bytes = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String n = pool.getName();
            if (n.contains("Eden") || n.contains("Survivor")) {
                long committed = pool.getUsage().getCommitted();
                if (committed > 0) bytes += committed;
            }
        }
        if (bytes == 0) return "";
        String mode = System.getenv("PROFUNDO_MEMORY");
        return String.format(Locale.ROOT, ", young generation %,d MiB usable (%s)", bytes >> 20,
                mode == null || mode.isBlank() ? "PROFUNDO_MEMORY=small or large to change it" : "PROFUNDO_MEMORY=" + mode);
    }
}
