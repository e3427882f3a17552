package dev.profundo.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The {@code profundo} command: {@code train}, {@code eval}, {@code predict}, {@code run},
 * {@code info}, {@code visualize} and {@code bench}. Errors print one line on stderr and exit non-zero (2 for a bad command line, 1 for
 * anything else); {@code --verbose} adds the stack trace.
 */
public final class Main {
    /** Exit code of a successful command. */
    public static final int OK = 0;
    /** Exit code of a failure (missing or corrupt file, training failure…). */
    public static final int FAILURE = 1;
    /** Exit code of a bad command line. */
    public static final int USAGE = 2;

    private static final List<Command> COMMANDS = List.of(new TrainCommand(), new EvalCommand(), new PredictCommand(),
            new RunCommand(), new InfoCommand(), new VisualizeSubcommand());

    private Main() {}

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        int code = run(args, new Console(System.out, System.err));
        System.out.flush();
        System.exit(code);
    }

    /** Runs a command line, writing to {@code io}; returns the exit code (for tests and embedding). */
    public static int run(String[] args, Console io) {
        List<String> tokens = new ArrayList<>(Arrays.asList(args));
        boolean verbose = false;
        // --verbose is global; a program launched by `run` keeps its own arguments untouched.
        int runAt = tokens.indexOf("run");
        int scanEnd = runAt >= 0 && tokens.subList(0, runAt).stream().allMatch(t -> t.startsWith("-")) ? runAt + 1 : tokens.size();
        for (int i = 0; i < scanEnd; i++)
            if (tokens.get(i).equals("--verbose")) {
                verbose = true;
                tokens.remove(i--);
                scanEnd--;
            }
        try {
            return dispatch(tokens, io);
        } catch (UsageException e) {
            io.err().println("profundo: " + e.getMessage());
            if (verbose) e.printStackTrace(io.err());
            return USAGE;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            io.err().println("profundo: " + describe(e));
            if (verbose) e.printStackTrace(io.err());
            else io.err().println("(run with --verbose for the stack trace)");
            return FAILURE;
        }
    }

    private static int dispatch(List<String> tokens, Console io) {
        if (tokens.isEmpty()) {
            io.err().print(generalHelp());
            return USAGE;
        }
        String first = tokens.getFirst();
        if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
            if (tokens.size() > 1) return dispatch(List.of(tokens.get(1), "--help"), io);
            io.out().print(generalHelp());
            return OK;
        }
        if (first.equals("--version")) {
            io.out().println("profundo " + version());
            return OK;
        }
        if (first.equals("bench"))  // parses its own options (issue 4's benchmark suite)
            return dev.profundo.cli.bench.BenchCommand.run(tokens.subList(1, tokens.size()).toArray(String[]::new), io.out(), io.err());
        Command cmd = COMMANDS.stream().filter(c -> c.name().equals(first)).findFirst().orElseThrow(() ->
                new UsageException((first.startsWith("-") ? "unknown option '" : "unknown command '") + first
                        + "'; commands are " + String.join(", ", COMMANDS.stream().map(Command::name).toList()) + ", bench"
                        + " (see 'profundo --help')"));
        List<String> rest = tokens.subList(1, tokens.size());
        Args a = Args.parse(cmd.name(), withHelp(cmd.options()), rest, cmd.positionalStopsOptions());
        if (a.has("help")) {
            io.out().print(cmd.help());
            return OK;
        }
        return cmd.run(a, io);
    }

    /** The command's options plus {@code --help}. */
    private static OptionSpec withHelp(OptionSpec spec) {
        var out = new OptionSpec();
        spec.all().forEach(o -> {
            if (o.takesValue()) out.value(o.name(), o.valueName(), o.help());
            else out.flag(o.name(), o.help());
        });
        return out.flag("help", "show this help");
    }

    /** One line for an unexpected failure: the message, or the exception's name when it has none. */
    private static String describe(Throwable e) {
        String m = e.getMessage();
        if (e instanceof UncheckedIOException u && u.getCause() != null && m == null) m = u.getCause().getMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName() + " (no message)";
        if (e instanceof OutOfMemoryError)
            return "out of memory (" + m + "); lower --batch-size or give Java more heap (JAVA_OPTS=-Xmx8g)";
        return m.lines().findFirst().orElse(m);
    }

    static String generalHelp() {
        StringBuilder sb = new StringBuilder("""
                Profundo %s: deep learning in pure Java.

                Usage: profundo COMMAND [options]    (profundo COMMAND --help for its options)

                Commands:
                """.formatted(version()));
        for (Command c : COMMANDS) sb.append(String.format("  %-10s %s%n", c.name(), firstSentence(c.summary())));
        sb.append(String.format("  %-10s %s%n", "bench", "Time the benchmark workloads (GEMM, CNN/MLP training and inference)."));
        sb.append("""

                Global options: --verbose (stack traces on errors), --help, --version
                Start here: profundo train   (trains a CNN on the built-in digits in seconds)
                """);
        return sb.toString();
    }

    private static String firstSentence(String s) {
        int dot = s.indexOf(". ");
        return dot < 0 ? s : s.substring(0, dot + 1);
    }

    /** The project version from the jar's resources. */
    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            if (in == null) return "(unknown version)";
            var p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "(unknown version)");
            return v.contains("${") ? "(development build)" : v;
        } catch (IOException e) {
            return "(unknown version)";
        }
    }
}
