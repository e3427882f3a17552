/**
 * The {@code profundo} command line: {@link dev.profundo.cli.Main} dispatches to the train, eval,
 * predict, run and info commands, each with its own options and {@code --help}. A bad command line
 * exits with 2, any other failure with 1, always with one line on stderr ({@code --verbose} adds
 * the stack trace). It uses only the public API of profundo-core and profundo-vision.
 */
package dev.profundo.cli;
