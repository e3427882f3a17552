/**
 * Image files in and out of tensors: {@link dev.profundo.vision.image.Images} decodes PNG/JPEG with
 * {@code javax.imageio}, converts to grayscale or RGB planes and resizes by area averaging;
 * {@link dev.profundo.vision.image.ImagePreprocessor} turns any picture into what a trained model
 * expects, from its model card alone.
 */
package dev.profundo.vision.image;
