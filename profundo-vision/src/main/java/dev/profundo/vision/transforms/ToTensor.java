package dev.profundo.vision.transforms;

import dev.profundo.tensor.Tensor;
import dev.profundo.vision.image.Images;

import java.awt.image.BufferedImage;

/** Converts a decoded image into a float32 tensor (C, H, W) with values in [0, 1] (torchvision's {@code ToTensor}). */
public final class ToTensor {
    private ToTensor() {}

    /** The image as {@code channels} planes (1 = grayscale, 3 = RGB). */
    public static Tensor apply(BufferedImage image, int channels) {
        return Tensor.wrap(Images.pixels(image, channels), channels, image.getHeight(), image.getWidth());
    }
}
