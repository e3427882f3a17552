package dev.profundo.vision.image;

/** An image file that cannot be used: missing, not an image, corrupt, or of an unsupported kind. */
public class ImageFormatException extends IllegalArgumentException {
    /** An error about one image file. */
    public ImageFormatException(String message) {
        super(message);
    }

    /** An error about one image file, with the decoder's failure kept for {@code --verbose}. */
    public ImageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
