package dev.profundo.vision.models;

import dev.profundo.nn.AdaptiveAvgPool2d;
import dev.profundo.nn.BatchNorm2d;
import dev.profundo.nn.Conv2d;
import dev.profundo.nn.Flatten;
import dev.profundo.nn.Linear;
import dev.profundo.nn.ReLU;
import dev.profundo.nn.Sequential;

import java.util.Arrays;

/**
 * A small residual network for 28x28 grayscale images, sized for a CPU: a 5x5 stem, then three
 * stages of {@link BasicBlock}s at full, half and quarter resolution, global average pooling and
 * one linear layer. Batch norm after every convolution lets it train fast with a large learning
 * rate (one-cycle schedule).
 *
 * <p>Why the default widths 16, 64, 128 rather than the usual doubling: a 28x28 stage costs 16 times
 * a 7x7 one per channel pair, and on small grayscale images most of what separates the classes
 * (collar, sleeve, sole, strap) is found at 14x14 and 7x7. So the full-resolution stage stays
 * narrow and the capacity sits at the coarse stages: about 24 M multiply-adds per image (the cnn
 * needs 4 M), 284 k parameters.
 *
 * <p>Why a 5x5 stem: it costs little (one input channel) and gives the first layer room to form
 * oriented edge and stroke detectors, which {@code profundo visualize} shows and measures; a 3x3
 * kernel is too small to tell an edge detector from random weights (random 3x3 kernels already
 * look orientation-selective to a grating probe).
 *
 * <p>Shapes on Fashion-MNIST with the defaults: (B,1,28,28) → stem (B,16,28,28) → stage 1
 * (B,16,28,28) → stage 2 (B,64,14,14) → stage 3 (B,128,7,7) → pool (B,128) → (B,10).
 */
public final class ResNet {
    /** Default channels of the three stages. */
    public static final int[] DEFAULT_WIDTHS = {16, 64, 128};
    /** Default kernel size of the stem convolution. */
    public static final int DEFAULT_STEM = 5;

    private ResNet() {}

    /** The default network (widths 16, 64, 128; one block per stage; 5x5 stem). */
    public static Sequential create(InputSpec in) {
        return create(in, DEFAULT_WIDTHS, 1, DEFAULT_STEM);
    }

    /**
     * A network with the given channels per stage, {@code blocksPerStage} blocks in each of the three
     * stages and a {@code stem x stem} first convolution (odd, padded to keep the image size).
     */
    public static Sequential create(InputSpec in, int[] widths, int blocksPerStage, int stem) {
        if (widths.length != 3 || Arrays.stream(widths).anyMatch(w -> w < 1) || blocksPerStage < 1)
            throw new IllegalArgumentException("resnet: need three positive stage widths and >= 1 block per stage, got "
                    + Arrays.toString(widths) + " and " + blocksPerStage);
        if (stem < 1 || stem % 2 == 0)
            throw new IllegalArgumentException("resnet: the stem kernel size must be odd and positive, got " + stem);
        int w = widths[0], pad = stem / 2;
        var net = new Sequential(
                new Conv2d(in.channels(), w, stem, stem, 1, 1, pad, pad, 1, 1, 1, false),   // (B, w0, H, W)
                new BatchNorm2d(w), new ReLU());
        int channels = w;
        for (int stage = 0; stage < 3; stage++)
            for (int b = 0; b < blocksPerStage; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;                        // halves H and W at stages 2 and 3
                net.add(new BasicBlock(channels, widths[stage], stride));
                channels = widths[stage];
            }
        net.add(new AdaptiveAvgPool2d(1));                                      // (B, w2, 1, 1)
        net.add(new Flatten());                                                 // (B, w2)
        net.add(new Linear(channels, in.numClasses()));                         // (B, classes) logits
        return net;
    }
}
