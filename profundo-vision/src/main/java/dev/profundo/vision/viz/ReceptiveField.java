package dev.profundo.vision.viz;

import dev.profundo.nn.AdaptiveAvgPool2d;
import dev.profundo.nn.Conv2d;
import dev.profundo.nn.Flatten;
import dev.profundo.nn.Layer;
import dev.profundo.nn.Linear;
import dev.profundo.nn.MaxPool2d;
import dev.profundo.nn.Sequential;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The receptive field of each layer of a network: how many input pixels one output unit sees.
 * Each convolution or pooling with kernel k and stride s grows it by {@code (k − 1) × jump} and
 * multiplies the jump (the input distance between neighbouring units) by s, so deeper layers see
 * larger structures. Layers that do not mix positions (activations, batch norm) keep it; global
 * pooling, flatten and linear layers see the whole image. In a residual block the field is that of
 * its main path; the side branch (children named {@code shortcut…} or {@code downsample…}) is
 * parallel and narrower.
 */
public final class ReceptiveField {
    private ReceptiveField() {}

    /**
     * One layer's field.
     *
     * @param name   the layer's path in the model (e.g. {@code 3})
     * @param layer  its description, e.g. {@code Conv2d(32 -> 64, 3x3)}
     * @param size   field height in input pixels ({@code global} layers: the image height)
     * @param width  field width in input pixels
     * @param jump   input pixels between neighbouring output units (vertical)
     * @param start  input row of the top edge of the first unit's field (negative: it reaches into the padding)
     * @param outH   output height (1 for global layers)
     * @param outW   output width
     * @param global true when every unit sees the whole image
     */
    public record Entry(String name, String layer, int size, int width, int jump, int start, int outH, int outW, boolean global) {}

    private record Dim(int size, int jump, int start, int n) {
        Dim window(int k, int s, int p, int d) {
            int keff = d * (k - 1) + 1;
            return new Dim(size + (keff - 1) * jump, jump * s, start - p * jump, (n + 2 * p - keff) / s + 1);
        }
    }

    /** The fields of the top-level layers of a {@link Sequential} model, for an input of {@code h x w} pixels. */
    public static List<Entry> of(Sequential model, int h, int w) {
        Dim dy = new Dim(1, 1, 0, h), dx = new Dim(1, 1, 0, w);
        boolean global = false;
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < model.size(); i++) {
            Layer l = model.get(i);
            if (!global) {
                if (isGlobal(l)) {
                    global = true;
                } else {
                    Dim[] next = apply(l, dy, dx);
                    dy = next[0];
                    dx = next[1];
                }
            }
            out.add(global ? new Entry(Integer.toString(i), l.describe(), h, w, dy.jump, 0, 1, 1, true)
                    : new Entry(Integer.toString(i), l.describe(), dy.size, dx.size, dy.jump, dy.start, dy.n, dx.n, false));
        }
        return List.copyOf(out);
    }

    private static boolean isGlobal(Layer l) {
        return l instanceof Flatten || l instanceof Linear
                || (l instanceof AdaptiveAvgPool2d a && a.outputSize()[0] == 1 && a.outputSize()[1] == 1);
    }

    private static Dim[] apply(Layer l, Dim dy, Dim dx) {
        if (l instanceof Conv2d c) {
            int[] k = c.kernelSize(), s = c.stride(), p = c.padding(), d = c.dilation();
            return new Dim[] {dy.window(k[0], s[0], p[0], d[0]), dx.window(k[1], s[1], p[1], d[1])};
        }
        if (l instanceof MaxPool2d m) {
            int[] k = m.kernelSize(), s = m.stride(), p = m.padding();
            return new Dim[] {dy.window(k[0], s[0], p[0], 1), dx.window(k[1], s[1], p[1], 1)};
        }
        Map<String, Layer> children = l.namedChildren();
        if (children.isEmpty()) {
            if (l.getClass().getSimpleName().contains("Pool"))
                throw new IllegalArgumentException("ReceptiveField: cannot read the window of " + l.describe()
                        + "; only Conv2d, MaxPool2d and global pooling are supported");
            return new Dim[] {dy, dx};  // element-wise: activations, batch norm, dropout
        }
        for (var e : children.entrySet()) {
            if (e.getKey().startsWith("shortcut") || e.getKey().startsWith("downsample")) continue;
            Dim[] next = apply(e.getValue(), dy, dx);
            dy = next[0];
            dx = next[1];
        }
        return new Dim[] {dy, dx};
    }
}
