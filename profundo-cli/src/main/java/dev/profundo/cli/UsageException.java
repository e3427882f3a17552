package dev.profundo.cli;

/** A command line the CLI cannot accept (unknown option, missing or malformed value): exit code 2. */
public class UsageException extends IllegalArgumentException {
    /** An error whose message says what was wrong and how to get help. */
    public UsageException(String message) {
        super(message);
    }
}
