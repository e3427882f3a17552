package dev.profundo.nn;

import dev.profundo.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Layers applied one after another; children are named {@code 0}, {@code 1}, … as in PyTorch. A
 * batch norm or a Linear followed by a ReLU runs as one fused op ({@link BatchNormBase#callRelu},
 * {@link Linear#callRelu}), and a ReLU
 * followed by a max pool runs after the pool, on a quarter of the values, and a 3x3 convolution
 * followed by a 2x2 max pool (with or without a ReLU between) runs as one op that never stores the
 * convolution's full-size output, where one of its kernels applies ({@link ConvMaxPool}): the same values
 * and gradients up to rounding, and the same hooks (a layer with hooks runs as written).
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
            Layer third = i + 2 < layers.size() ? layers.get(i + 2) : null;
            if (next != null && convThenPool(l, next, x)) {
                Conv2d conv = (Conv2d) l;
                x = ConvMaxPool.apply(x, conv.weight(), conv.bias());  // the full-size output never stored
                i++;
            } else if (third != null && convThenPool(l, third, x) && plainRelu(next)) {
                Conv2d conv = (Conv2d) l;
                x = ConvMaxPool.apply(x, conv.weight(), conv.bias()).relu();
                i += 2;
            } else if (next != null && fusesWithRelu(l, next)) {
                x = ((BatchNormBase) l).callRelu(x);                    // batch norm + ReLU in one pass
                i++;
            } else if (next != null && l.getClass() == Linear.class && plainRelu(next)) {
                x = ((Linear) l).callRelu(x);                           // the ReLU inside the GEMM's threads
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
     * A 3x3 convolution then a 2x2 max pool, neither with hooks, on an input the fused op takes
     * ({@link ConvMaxPool}): the pair runs as one op. With a ReLU between them (checked by the caller), the
     * ReLU runs after the pool, as below.
     */
    private static boolean convThenPool(Layer l, Layer pool, Tensor x) {
        return l.getClass() == Conv2d.class && pool.getClass() == MaxPool2d.class && !l.hasForwardHooks()
                && !pool.hasForwardHooks() && ConvMaxPool.supports((Conv2d) l, (MaxPool2d) pool)
                && ConvMaxPool.fits(x, ((Conv2d) l).weight());
    }

    private static boolean plainRelu(Layer l) {
        return l.getClass() == ReLU.class && !l.hasForwardHooks();
    }

    /**
     * A hook-free ReLU then a hook-free max pool: ReLU is monotone, so pooling first and applying it to
     * the pooled values gives the same values (up to the sign of a zero) and the same gradients, with
     * the ReLU's two passes over the full-size tensor now over the pooled one.
     */
    private static boolean reluThenMaxPool(Layer l, Layer next) {
        return plainRelu(l) && next.getClass() == MaxPool2d.class && !next.hasForwardHooks();
    }

    /** A library batch norm followed by a plain, hook-free ReLU: the pair runs fused, with the same result. */
    private static boolean fusesWithRelu(Layer l, Layer next) {
        return (l.getClass() == BatchNorm2d.class || l.getClass() == BatchNorm1d.class)
                && next.getClass() == ReLU.class && !next.hasForwardHooks();
    }
}
