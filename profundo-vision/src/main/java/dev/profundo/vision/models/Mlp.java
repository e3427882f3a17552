package dev.profundo.vision.models;

import dev.profundo.nn.Flatten;
import dev.profundo.nn.Linear;
import dev.profundo.nn.ReLU;
import dev.profundo.nn.Sequential;

/**
 * The multilayer perceptron baseline: flatten, 256 and 128 hidden ReLU units, then the class
 * logits (784-256-128-10 on 28x28 images: 235,146 parameters).
 */
public final class Mlp {
    private Mlp() {}

    /** A new randomly initialised MLP for the given input. */
    public static Sequential create(InputSpec in) {
        return new Sequential(                                           // x: (B, C, H, W)
                new Flatten(),                                           //  → (B, C·H·W)
                new Linear(in.pixels(), 256), new ReLU(),                //  → (B, 256)
                new Linear(256, 128), new ReLU(),                        //  → (B, 128)
                new Linear(128, in.numClasses()));                       //  → (B, classes) logits
    }
}
