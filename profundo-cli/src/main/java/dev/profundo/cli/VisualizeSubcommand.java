package dev.profundo.cli;

/** {@code profundo visualize}: registers {@link VisualizeCommand} (whose entry points are static) as a subcommand. */
final class VisualizeSubcommand implements Command {
    @Override public String name() { return VisualizeCommand.name(); }

    @Override public String summary() { return VisualizeCommand.summary(); }

    @Override public String usage() { return VisualizeCommand.usage(); }

    @Override public OptionSpec options() { return VisualizeCommand.options(); }

    @Override public int run(Args args, Console io) { return VisualizeCommand.run(args, io); }
}
