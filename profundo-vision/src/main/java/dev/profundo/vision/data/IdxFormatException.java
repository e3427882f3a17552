package dev.profundo.vision.data;

/**
 * A dataset file that is not a valid IDX file (or a gzip of one): wrong magic, impossible
 * dimensions, a length that does not match the header, or a truncated/corrupt compressed stream.
 * The message names the file and says what was wrong.
 */
public class IdxFormatException extends IllegalArgumentException {
    /** An error about one file. */
    public IdxFormatException(String message) {
        super(message);
    }

    /** An error about one file, caused by a lower-level failure (kept for {@code --verbose}). */
    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
