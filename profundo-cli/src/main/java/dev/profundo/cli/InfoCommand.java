package dev.profundo.cli;

import dev.profundo.kernels.Parallel;
import dev.profundo.vision.data.FashionMnist;

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
        out.printf(Locale.ROOT, "Memory    %,d MiB max heap%n", Runtime.getRuntime().maxMemory() >> 20);
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
}
