package dev.profundo.vision.models;

/**
 * What a vision model takes and produces: images of {@code channels x height x width} and
 * {@code numClasses} logits.
 */
public record InputSpec(int channels, int height, int width, int numClasses) {
    /** Fashion-MNIST / MNIST: 1x28x28, 10 classes. */
    public static final InputSpec MNIST = new InputSpec(1, 28, 28, 10);
    /** UCI digits: 1x8x8, 10 classes. */
    public static final InputSpec DIGITS = new InputSpec(1, 8, 8, 10);

    /** Validates the sizes. */
    public InputSpec {
        if (channels < 1 || height < 1 || width < 1 || numClasses < 2)
            throw new IllegalArgumentException("InputSpec: need positive image sizes and at least 2 classes, got "
                    + channels + "x" + height + "x" + width + " with " + numClasses + " classes");
    }

    /** Values per image. */
    public int pixels() { return channels * height * width; }

    /** The shape as text, e.g. {@code 1x28x28}. */
    public String shapeText() { return channels + "x" + height + "x" + width; }
}
