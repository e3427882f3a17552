package dev.profundo.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code profundo run FILE.java [ARGS…]}: runs a one-file Java program against the library (Java
 * source launch, JEP 330/458), with the Vector API enabled, so a learner can write {@code Train.java}
 * and run it without a build.
 */
final class RunCommand implements Command {
    private static final OptionSpec OPTIONS = new OptionSpec();

    @Override public String name() { return "run"; }

    @Override public String summary() {
        return "Run a one-file Java program such as Train.java against Profundo. It runs java with profundo's own JVM flags "
                + "(the Vector API, the collector and heap sizes, JAVA_OPTS) and -cp <profundo.jar> FILE.java ARGS. "
                + "Arguments after FILE.java go to the program.";
    }

    @Override public String usage() { return "profundo run FILE.java [ARGS...]"; }

    @Override public OptionSpec options() { return OPTIONS; }

    @Override public boolean positionalStopsOptions() { return true; }

    @Override
    public int run(Args a, Console io) {
        List<String> pos = a.positional();
        if (pos.isEmpty()) throw new UsageException("run needs a FILE.java; see 'profundo run --help'");
        Path source = Path.of(pos.getFirst());
        if (!source.getFileName().toString().endsWith(".java"))
            throw new UsageException("run expects a Java source file ending in .java, got '" + source + "'");
        if (!Files.isRegularFile(source)) throw new IllegalArgumentException(source + ": file not found");
        List<String> cmd = new ArrayList<>(List.of(javaExecutable()));
        cmd.addAll(jvmFlags());
        cmd.addAll(List.of("-cp", classPath(), source.toString()));
        cmd.addAll(pos.subList(1, pos.size()));
        try {
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            return p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + source, e);
        }
    }

    /**
     * The JVM flags for the program: this JVM's own (the launcher's collector, young generation and huge
     * pages, and JAVA_OPTS), so a program trains in the footprint `profundo train` does; the child JVM's
     * defaults grew a digits program to 1.7 GB RSS (264 MB with these). The Vector API module and the
     * parallel collector are always there, also when this JVM was started without the launcher. A flight
     * recording is not passed on: this JVM would write its own file over the program's when it exits.
     */
    static List<String> jvmFlags() {
        return jvmFlags(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    static List<String> jvmFlags(List<String> own) {
        List<String> flags = new ArrayList<>();
        for (String f : own)
            if ((f.startsWith("-X") || f.startsWith("--add-modules") || f.startsWith("-D"))
                    && !f.startsWith("-XX:StartFlightRecording") && !f.startsWith("-XX:FlightRecorderOptions"))
                flags.add(f);
        if (flags.stream().noneMatch(f -> f.contains("jdk.incubator.vector"))) flags.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        if (flags.stream().noneMatch(f -> f.startsWith("-XX:+Use") && f.endsWith("GC"))) flags.add("-XX:+UseParallelGC");
        return flags;
    }

    /** The java launcher of the running JVM, so the program runs on the same Java 25. */
    static String javaExecutable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : ProcessHandle.current().info().command().orElse("java");
    }

    /** The profundo jar this code was loaded from, or (when run from class folders, as in tests) the JVM's class path. */
    static String classPath() {
        try {
            Path self = Path.of(RunCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self)) return self.toString();
        } catch (URISyntaxException | RuntimeException e) {
            // Fall through to the class path of this JVM.
        }
        return String.join(File.pathSeparator, System.getProperty("java.class.path").split(File.pathSeparator));
    }
}
