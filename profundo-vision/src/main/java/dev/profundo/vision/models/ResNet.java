package dev.profundo.vision.models;

import dev.profundo.nn.AdaptiveAvgPool2d;
import dev.profundo.nn.BatchNorm2d;
import dev.profundo.nn.Conv2d;
import dev.profundo.nn.Flatten;
import dev.profundo.nn.Linear;
import dev.profundo.nn.ReLU;
import dev.profundo.nn.Sequential;

/**
 * A small residual network for 28x28 grayscale images, sized for a CPU: a 3x3 stem, then three
 * stages of {@link BasicBlock}s at full, half and quarter resolution ({@code w}, {@code 2w}, {@code 4w}
 * channels), global average pooling and one linear layer. Batch norm after every convolution lets it
 * train fast with a large learning rate (one-cycle schedule).
 *
 * <p>Shape on Fashion-MNIST with the default width 16: (B,1,28,28) → stem (B,16,28,28) → stage 1
 * (B,16,28,28) → stage 2 (B,32,14,14) → stage 3 (B,64,7,7) → pool (B,64) → (B,10).
 */
public final class ResNet {
    /** Default base width. */
    public static final int DEFAULT_WIDTH = 16;

    private ResNet() {}

    /** The default network (base width {@value #DEFAULT_WIDTH}, one block per stage). */
    public static Sequential create(InputSpec in) {
        return create(in, DEFAULT_WIDTH, 1);
    }

    /** A network of base width {@code w} with {@code blocksPerStage} blocks in each of the three stages. */
    public static Sequential create(InputSpec in, int w, int blocksPerStage) {
        if (w < 1 || blocksPerStage < 1)
            throw new IllegalArgumentException("resnet: width and blocks per stage must be >= 1, got " + w + ", " + blocksPerStage);
        var net = new Sequential(
                new Conv2d(in.channels(), w, 3, 3, 1, 1, 1, 1, 1, 1, 1, false),   // (B, w, H, W)
                new BatchNorm2d(w), new ReLU());
        int[] widths = {w, 2 * w, 4 * w};
        int channels = w;
        for (int stage = 0; stage < 3; stage++)
            for (int b = 0; b < blocksPerStage; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;                        // halves H and W at stages 2 and 3
                net.add(new BasicBlock(channels, widths[stage], stride));
                channels = widths[stage];
            }
        net.add(new AdaptiveAvgPool2d(1));                                      // (B, 4w, 1, 1)
        net.add(new Flatten());                                                 // (B, 4w)
        net.add(new Linear(channels, in.numClasses()));                         // (B, classes) logits
        return net;
    }
}
