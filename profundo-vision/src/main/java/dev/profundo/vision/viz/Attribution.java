package dev.profundo.vision.viz;

import dev.profundo.nn.Conv2d;
import dev.profundo.nn.Layer;
import dev.profundo.nn.Sequential;
import dev.profundo.tensor.Tensor;

import java.util.Arrays;

/**
 * Which input pixels made a model choose a class, computed with the ordinary autograd.
 *
 * <p>Saliency (Simonyan et al., 2013) is the gradient of the class logit with respect to the input
 * image: {@code x.requiresGrad(true)}, forward, backward from the logit, read {@code x.grad()}.
 * Grad-CAM (Selvaraju et al., 2017) weights each channel of the last convolutional feature map A
 * by the mean gradient of the logit over that channel and keeps the positive part of the weighted
 * sum, {@code ReLU(Σ_k mean(∂y/∂A_k) A_k)}: a coarse map of the regions that count for the class.
 * The core keeps gradients only on leaves (there is no {@code retainGrad()}), so Grad-CAM splits the
 * {@link Sequential} model after that layer and runs the rest on a leaf copy of A.
 */
public final class Attribution {
    private Attribution() {}

    /**
     * The saliency map of one image (1, C, H, W) for class {@code cls}: H x W values, the largest
     * absolute gradient over the channels at each pixel.
     */
    public static float[] saliency(Layer model, Tensor image, int cls) {
        checkImage("saliency", image);
        Tensor x = Tensor.of(image.contiguous().toFloatArray(), image.shape()).requiresGrad(true);
        Tensor logits = model.call(x);
        checkClass("saliency", logits, cls);
        logits.slice(1, cls, cls + 1).sum().backward();
        clearParameterGrads(model);
        float[] g = x.grad().toFloatArray();
        int c = image.size(1), plane = image.size(2) * image.size(3);
        float[] out = new float[plane];
        for (int ch = 0; ch < c; ch++)
            for (int i = 0; i < plane; i++) out[i] = Math.max(out[i], Math.abs(g[ch * plane + i]));
        return out;
    }

    /**
     * SmoothGrad (Smilkov et al., 2017): the mean of the {@link #saliency} maps of {@code samples}
     * copies of the image with Gaussian noise of {@code noise} times the image's value range added;
     * the noise is drawn from a generator seeded with {@code seed}, so the map is reproducible.
     */
    public static float[] smoothGrad(Layer model, Tensor image, int cls, int samples, double noise, long seed) {
        checkImage("smoothGrad", image);
        if (samples < 1) throw new IllegalArgumentException("smoothGrad: need at least 1 sample, got " + samples);
        float[] x = image.contiguous().toFloatArray();
        double[] r = Raster.range(x, 0, x.length);
        double sigma = noise * (r[1] - r[0]);
        var rng = new java.util.SplittableRandom(seed);
        float[] sum = null;
        for (int s = 0; s < samples; s++) {
            float[] noisy = x.clone();
            for (int i = 0; i < noisy.length; i++) noisy[i] += (float) (sigma * gaussian(rng));
            float[] m = saliency(model, Tensor.wrap(noisy, image.shape()), cls);
            if (sum == null) sum = m;
            else for (int i = 0; i < m.length; i++) sum[i] += m[i];
        }
        for (int i = 0; i < sum.length; i++) sum[i] /= samples;
        return sum;
    }

    private static double gaussian(java.util.SplittableRandom rng) {
        double u = 1 - rng.nextDouble(), v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * A Grad-CAM map.
     *
     * @param map   h x w non-negative values, scaled so the largest is 1 (all zero if nothing counts)
     * @param h     map height (the feature map's, coarser than the image)
     * @param w     map width
     * @param layer index of the Sequential layer whose output was used
     * @param logit the class logit
     */
    public record Cam(float[] map, int h, int w, int layer, double logit) {}

    /** Grad-CAM of one image (1, C, H, W) for class {@code cls} at the default layer ({@link #camLayer}). */
    public static Cam gradCam(Sequential model, Tensor image, int cls) {
        return gradCam(model, image, cls, camLayer(model, image));
    }

    /** Grad-CAM at the output of layer {@code split} of a Sequential model. */
    public static Cam gradCam(Sequential model, Tensor image, int cls, int split) {
        checkImage("gradCam", image);
        if (split < 0 || split >= model.size() - 1)
            throw new IllegalArgumentException("gradCam: split layer " + split + " must be in [0, " + (model.size() - 2) + "]");
        Tensor a;
        try (var _ = Tensor.noGrad()) {
            a = image;
            for (int i = 0; i <= split; i++) a = model.get(i).call(a);
        }
        if (a.dim() != 4)
            throw new IllegalArgumentException("gradCam: layer " + split + " (" + model.get(split).describe()
                    + ") outputs shape " + Arrays.toString(a.shape()) + ", not a (1, C, h, w) feature map");
        Tensor leaf = Tensor.of(a.contiguous().toFloatArray(), a.shape()).requiresGrad(true);
        Tensor y = leaf;
        for (int i = split + 1; i < model.size(); i++) y = model.get(i).call(y);
        checkClass("gradCam", y, cls);
        Tensor logit = y.slice(1, cls, cls + 1).sum();
        double logitValue = logit.item();
        logit.backward();
        clearParameterGrads(model);
        int c = a.size(1), h = a.size(2), w = a.size(3), plane = h * w;
        float[] act = leaf.toFloatArray(), grad = leaf.grad().toFloatArray();
        float[] cam = new float[plane];
        for (int ch = 0; ch < c; ch++) {
            double alpha = 0;
            for (int i = 0; i < plane; i++) alpha += grad[ch * plane + i];
            alpha /= plane;
            for (int i = 0; i < plane; i++) cam[i] += (float) (alpha * act[ch * plane + i]);
        }
        float max = 0;
        for (int i = 0; i < plane; i++) max = Math.max(max, cam[i] = Math.max(0, cam[i]));
        if (max > 0) for (int i = 0; i < plane; i++) cam[i] /= max;
        return new Cam(cam, h, w, split, logitValue);
    }

    /**
     * The default Grad-CAM layer: the last top-level layer that contains a convolution, extended
     * through the shape-preserving layers after it (its activation, batch norm), so the map is the
     * last convolutional feature map the classifier head reads.
     */
    public static int camLayer(Sequential model, Tensor image) {
        int last = -1;
        for (int i = 0; i < model.size(); i++) if (containsConv(model.get(i))) last = i;
        if (last < 0) throw new IllegalArgumentException("gradCam: the model has no convolution layer to explain");
        try (var _ = Tensor.noGrad()) {
            Tensor x = image;
            for (int i = 0; i <= last; i++) x = model.get(i).call(x);
            int[] shape = x.shape();
            while (last + 1 < model.size() - 1 && !containsConv(model.get(last + 1))) {
                Tensor next = model.get(last + 1).call(x);
                if (!Arrays.equals(next.shape(), shape)) break;
                x = next;
                last++;
            }
        }
        return last;
    }

    static boolean containsConv(Layer l) {
        return l.namedLayers().values().stream().anyMatch(c -> c instanceof Conv2d);
    }

    private static void clearParameterGrads(Layer model) {
        // Visualisation must not leave gradients behind for a later optimizer step.
        for (Tensor p : model.parameters()) p.setGrad(null);
    }

    private static void checkImage(String op, Tensor image) {
        if (image.dim() != 4 || image.size(0) != 1)
            throw new IllegalArgumentException(op + ": expected one image of shape (1, C, H, W), got " + Arrays.toString(image.shape()));
    }

    private static void checkClass(String op, Tensor logits, int cls) {
        if (logits.dim() != 2 || cls < 0 || cls >= logits.size(1))
            throw new IllegalArgumentException(op + ": class " + cls + " is out of range for logits of shape " + Arrays.toString(logits.shape()));
    }
}
