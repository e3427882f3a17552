package dev.profundo.nn;

import dev.profundo.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Layers applied one after another; children are named {@code 0}, {@code 1}, … as in PyTorch. A
 * batch norm followed by a ReLU runs as one fused op ({@link BatchNormBase#callRelu}), and a ReLU
 * followed by a max pool runs after the pool, on a quarter of the values: the same values, gradients
 * and hooks (a layer with hooks runs as written).
 */
public class Sequential extends Layer {
    private final List<Layer> layers = new ArrayList<>();

    /** A pipeline of the given layers, in order. */
    public Sequential(Layer... layers) {
        for (Layer l : layers) add(l);
    }

    /** Appends a layer; returns this container. */
    public Sequential add(Layer layer) {
        if (layer == null) throw new IllegalArgumentException("Sequential: layer " + layers.size() + " is null");
        registerLayer(Integer.toString(layers.size()), layer);
        layers.add(layer);
        return this;
    }

    /** The i-th layer. */
    public Layer get(int index) {
        if (index < 0 || index >= layers.size())
            throw new IndexOutOfBoundsException("Sequential: index " + index + " out of range for " + layers.size() + " layers");
        return layers.get(index);
    }

    /** Number of layers. */
    public int size() { return layers.size(); }

    /** The layers, in order (read-only). */
    public List<Layer> layers() { return Collections.unmodifiableList(layers); }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            Layer next = i + 1 < layers.size() ? layers.get(i + 1) : null;
            if (next != null && fusesWithRelu(l, next)) {
                x = ((BatchNormBase) l).callRelu(x);                    // batch norm + ReLU in one pass
                i++;
            } else if (next != null && reluThenMaxPool(l, next)) {
                x = next.call(x).relu();                                // the ReLU on a quarter of the values
                i++;
            } else {
                x = l.call(x);
            }
        }
        return x;
    }

    /**
     * A hook-free ReLU then a hook-free max pool: ReLU is monotone, so pooling first and applying it to
     * the pooled values gives the same values (up to the sign of a zero) and the same gradients, with
     * the ReLU's two passes over the full-size tensor now over the pooled one.
     */
    private static boolean reluThenMaxPool(Layer l, Layer next) {
        return l.getClass() == ReLU.class && next.getClass() == MaxPool2d.class && !l.hasForwardHooks() && !next.hasForwardHooks();
    }

    /** A library batch norm followed by a plain, hook-free ReLU: the pair runs fused, with the same result. */
    private static boolean fusesWithRelu(Layer l, Layer next) {
        return (l.getClass() == BatchNorm2d.class || l.getClass() == BatchNorm1d.class)
                && next.getClass() == ReLU.class && !next.hasForwardHooks();
    }
}
