package dev.profundo.vision.viz;

import dev.profundo.nn.Sequential;
import dev.profundo.tensor.Tensor;
import dev.profundo.vision.data.ImageSet;
import dev.profundo.vision.transforms.Normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The input patterns that excite each channel of a layer most: over a set of images, the positions
 * where a channel's activation peaks, and the input patch that unit sees (its receptive field).
 * At most one patch per image and channel, so one image cannot fill a channel's list.
 */
public final class TopPatches {
    private TopPatches() {}

    /**
     * One strongly activating location.
     *
     * @param image index in the image set
     * @param y     output row
     * @param x     output column
     * @param value activation
     */
    public record Hit(int image, int y, int x, float value) {}

    /**
     * For each channel of top-level layer {@code layer}'s output, the {@code k} strongest hits over
     * {@code data} (normalised with mean/std for the model), strongest first.
     */
    public static List<List<Hit>> find(Sequential model, int layer, ImageSet data, float[] mean, float[] std, int k, int batch) {
        var norm = new Normalize(mean, std);
        List<List<Hit>> best = new ArrayList<>();
        model.eval();
        try (var tap = new FeatureMapTap(model, layer, "TopPatches"); var _ = Tensor.noGrad()) {
            for (int start = 0; start < data.size(); start += batch) {
                int b = Math.min(batch, data.size() - start);
                float[] x = data.getBatch(IntStream.range(start, start + b).toArray()).x().toFloatArray();
                norm.apply(x, b, data.channels(), data.height() * data.width());
                model.call(Tensor.wrap(x, b, data.channels(), data.height(), data.width()));
                int[] s = tap.shape();
                float[] out = tap.values();
                int c = s[1], h = s[2], w = s[3];
                while (best.size() < c) best.add(new ArrayList<>());
                for (int i = 0; i < b; i++)
                    for (int ch = 0; ch < c; ch++) {
                        int base = (i * c + ch) * h * w, arg = 0;
                        for (int p = 1; p < h * w; p++) if (out[base + p] > out[base + arg]) arg = p;
                        offer(best.get(ch), new Hit(start + i, arg / w, arg % w, out[base + arg]), k);
                    }
            }
        }
        return best;
    }

    private static void offer(List<Hit> list, Hit h, int k) {
        int pos = list.size();
        while (pos > 0 && list.get(pos - 1).value() < h.value()) pos--;
        if (pos >= k) return;
        list.add(pos, h);
        if (list.size() > k) list.removeLast();
    }

    /** The raw input patch (C x size x size, zero outside the image) that output unit (y, x) of a layer with field {@code rf} sees. */
    public static float[] patch(ImageSet data, Hit hit, ReceptiveField.Entry rf) {
        int c = data.channels(), h = data.height(), w = data.width();
        int size = rf.size(), width = rf.width();
        int top = rf.start() + hit.y() * rf.jump(), left = rf.start() + hit.x() * rf.jump();
        float[] px = data.pixels(hit.image()), out = new float[c * size * width];
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < size; y++) {
                int sy = top + y;
                if (sy < 0 || sy >= h) continue;
                for (int x = 0; x < width; x++) {
                    int sx = left + x;
                    if (sx >= 0 && sx < w) out[(ch * size + y) * width + x] = px[(ch * h + sy) * w + sx];
                }
            }
        return out;
    }
}
