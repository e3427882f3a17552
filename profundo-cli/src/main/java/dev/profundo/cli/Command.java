package dev.profundo.cli;

/** One subcommand of {@code profundo}. */
public sealed interface Command permits TrainCommand, EvalCommand, PredictCommand, RunCommand, InfoCommand,
        VisualizeSubcommand {
    /** The name typed after {@code profundo}. */
    String name();

    /** One line for the command list. */
    String summary();

    /** The usage line(s), e.g. {@code profundo eval MODEL [options]}. */
    String usage();

    /** The options it accepts ({@code help} and {@code verbose} are added by {@link Main}). */
    OptionSpec options();

    /** True when the first positional argument ends option parsing (the rest go to a child program). */
    default boolean positionalStopsOptions() { return false; }

    /**
     * Runs the command; returns the exit code.
     *
     * @throws UsageException for a bad command line (exit 2); other runtime exceptions exit 1
     */
    int run(Args args, Console io);

    /** The full help text. */
    default String help() {
        return "Usage: " + usage() + "\n\n" + summary() + "\n\nOptions:\n" + options().helpText()
                + "  --verbose  print stack traces on errors\n  --help     show this help\n";
    }
}
