package dev.profundo.io;

/** A safetensors file that cannot be read: the message names the file and what is wrong with it. */
public class SafetensorsException extends RuntimeException {
    /** An error with a message that names the file and the problem. */
    public SafetensorsException(String message) {
        super(message);
    }

    /** An error caused by another one (an I/O failure or a JSON syntax error). */
    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
