package dev.profundo.vision.models;

import dev.profundo.nn.Conv2d;
import dev.profundo.nn.Flatten;
import dev.profundo.nn.Linear;
import dev.profundo.nn.MaxPool2d;
import dev.profundo.nn.ReLU;
import dev.profundo.nn.Sequential;

/**
 * The benchmark convolutional network: two 3x3 convolutions (32 and 64 filters, padding 1) each
 * followed by ReLU and 2x2 max pooling, then 128 hidden units and the class logits. On 28x28
 * images: flatten 64·7·7 = 3,136, 421,642 parameters; on 8x8 digits the flatten is 64·2·2 = 256.
 */
public final class Cnn {
    private Cnn() {}

    /** A new randomly initialised CNN for the given input (height and width at least 4). */
    public static Sequential create(InputSpec in) {
        if (in.height() < 4 || in.width() < 4)
            throw new IllegalArgumentException("cnn: needs images of at least 4x4 (two 2x2 poolings), got " + in.shapeText());
        int flat = 64 * (in.height() / 4) * (in.width() / 4);
        return new Sequential(                                           // x: (B, C, H, W)
                new Conv2d(in.channels(), 32, 3, 1, 1), new ReLU(),      //  → (B, 32, H, W)
                new MaxPool2d(2),                                        //  → (B, 32, H/2, W/2)
                new Conv2d(32, 64, 3, 1, 1), new ReLU(),                 //  → (B, 64, H/2, W/2)
                new MaxPool2d(2),                                        //  → (B, 64, H/4, W/4)
                new Flatten(),                                           //  → (B, 64·H/4·W/4)
                new Linear(flat, 128), new ReLU(),                       //  → (B, 128)
                new Linear(128, in.numClasses()));                       //  → (B, classes) logits
    }
}
