package dev.profundo.nn;

import dev.profundo.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Layers applied one after another; children are named {@code 0}, {@code 1}, … as in PyTorch. A
 * batch norm followed by a ReLU runs as one fused op ({@link BatchNormBase#callRelu}), with the same
 * values, gradients and hooks.
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
            if (i + 1 < layers.size() && fusesWithRelu(l, layers.get(i + 1))) {
                x = ((BatchNormBase) l).callRelu(x);                    // batch norm + ReLU in one pass
                i++;
            } else {
                x = l.call(x);
            }
        }
        return x;
    }

    /** A library batch norm followed by a plain, hook-free ReLU: the pair runs fused, with the same result. */
    private static boolean fusesWithRelu(Layer l, Layer next) {
        return (l.getClass() == BatchNorm2d.class || l.getClass() == BatchNorm1d.class)
                && next.getClass() == ReLU.class && !next.hasForwardHooks();
    }
}
