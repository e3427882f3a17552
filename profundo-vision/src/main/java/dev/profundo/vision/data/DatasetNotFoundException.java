package dev.profundo.vision.data;

/** A dataset that is not on this machine; the message lists where it was looked for and how to get it. */
public class DatasetNotFoundException extends IllegalStateException {
    /** An error whose message says where the dataset was looked for and how to install it. */
    public DatasetNotFoundException(String message) {
        super(message);
    }

    /** With the failure that caused it (a download error). */
    public DatasetNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
