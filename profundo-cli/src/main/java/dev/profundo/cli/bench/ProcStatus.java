package dev.profundo.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads this process's memory high-water mark from Linux {@code /proc/self/status}. */
final class ProcStatus {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcStatus() {}

    /** VmHWM (peak resident set size) in MiB, or NaN where /proc is not available (not Linux). */
    static double peakRssMib() {
        return field("VmHWM:");
    }

    /** VmRSS (current resident set size) in MiB, or NaN where /proc is not available. */
    static double rssMib() {
        return field("VmRSS:");
    }

    private static double field(String key) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) / 1024.0;   // the kernel reports kB
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or a sandbox without /proc: the figure is simply unknown.
        }
        return Double.NaN;
    }
}
