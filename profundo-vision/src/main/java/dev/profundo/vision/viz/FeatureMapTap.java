package dev.profundo.vision.viz;

import dev.profundo.nn.Sequential;

/**
 * Captures what one top-level layer of a model outputs on each call, as a (B, C, h, w) feature map: a
 * forward hook that keeps the latest output's values and shape. Close it to remove the hook.
 */
final class FeatureMapTap implements AutoCloseable {
    private final Sequential model;
    private final int layer;
    private final String user;
    private final AutoCloseable hook;
    private float[] values;
    private int[] shape;

    /** Taps top-level layer {@code layer} of {@code model}; {@code user} names the caller in error messages. */
    FeatureMapTap(Sequential model, int layer, String user) {
        this.model = model;
        this.layer = layer;
        this.user = user;
        this.hook = model.get(layer).addForwardHook((l, t) -> {
            values = t.contiguous().toFloatArray();
            shape = t.shape();
        });
    }

    /** The latest output's values, row-major (B, C, h, w). */
    float[] values() {
        checkMap();
        return values;
    }

    /** The latest output's shape {B, C, h, w}. */
    int[] shape() {
        checkMap();
        return shape;
    }

    private void checkMap() {
        if (shape == null || shape.length != 4)
            throw new IllegalArgumentException(user + ": layer " + layer + " (" + model.get(layer).describe()
                    + ") does not output a (B, C, h, w) feature map");
    }

    @Override
    public void close() {
        Activations.close(hook);
    }
}
