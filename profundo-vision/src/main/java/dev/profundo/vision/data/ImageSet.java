package dev.profundo.vision.data;

import dev.profundo.data.Batch;
import dev.profundo.data.Dataset;
import dev.profundo.data.Example;
import dev.profundo.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * A labelled image dataset held in memory: {@code size()} images of {@code channels x height x width}
 * pixels in [0, 1] (row-major, channels first) and one class index per image. It is a
 * {@link Dataset} whose batches are gathered with one array copy per image:
 * {@code x} is float32 (B, C, H, W), {@code y} is int64 (B).
 */
public final class ImageSet implements Dataset {
    private final String name;
    private final float[] pixels;
    private final long[] labels;
    private final int channels, height, width, imageSize;
    private final List<String> classes;

    /**
     * Wraps pixel and label arrays (not copied).
     *
     * @throws IllegalArgumentException if the sizes disagree or a label is outside [0, classes.size())
     */
    public ImageSet(String name, float[] pixels, long[] labels, int channels, int height, int width, List<String> classes) {
        if (channels < 1 || height < 1 || width < 1)
            throw new IllegalArgumentException(name + ": image size must be positive, got " + channels + "x" + height + "x" + width);
        long imageSize = (long) channels * height * width;
        if (imageSize * labels.length != pixels.length)
            throw new IllegalArgumentException(name + ": " + labels.length + " labels need " + imageSize * labels.length
                    + " pixel values for " + channels + "x" + height + "x" + width + " images, got " + pixels.length);
        if (classes.isEmpty()) throw new IllegalArgumentException(name + ": no class names given");
        for (int i = 0; i < labels.length; i++)
            if (labels[i] < 0 || labels[i] >= classes.size())
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of image " + i + " is outside [0, "
                        + classes.size() + "); the label file is corrupt or belongs to another dataset");
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.imageSize = (int) imageSize;
        this.classes = List.copyOf(classes);
    }

    /** The dataset's name (used in messages and checkpoint metadata), e.g. {@code fashion-mnist/train}. */
    public String name() { return name; }

    @Override
    public int size() { return labels.length; }

    /** Channels per image (1 for grayscale). */
    public int channels() { return channels; }

    /** Image height in pixels. */
    public int height() { return height; }

    /** Image width in pixels. */
    public int width() { return width; }

    /** The class names, indexed by label. */
    public List<String> classes() { return classes; }

    /** Number of classes. */
    public int numClasses() { return classes.size(); }

    /** The label of image {@code i}. */
    public int label(int i) { return (int) labels[checkIndex(i)]; }

    /** All images as one float32 tensor (N, C, H, W) sharing this set's storage. */
    public Tensor images() { return Tensor.wrap(pixels, size(), channels, height, width); }

    /** All labels as one int64 tensor (N). */
    public Tensor labels() { return Tensor.of(labels, size()); }

    /** The pixels of image {@code i} as a copy (C·H·W values in [0, 1]). */
    public float[] pixels(int i) {
        checkIndex(i);
        return Arrays.copyOfRange(pixels, i * imageSize, (i + 1) * imageSize);
    }

    @Override
    public Example get(int index) {
        checkIndex(index);
        return new Example(Tensor.wrap(pixels(index), channels, height, width), Tensor.of(new long[] {labels[index]}));
    }

    @Override
    public Batch getBatch(int[] indices) {
        if (indices.length == 0) throw new IllegalArgumentException(name + ": getBatch with no indices");
        float[] x = new float[Math.multiplyExact(indices.length, imageSize)];
        long[] y = new long[indices.length];
        for (int b = 0; b < indices.length; b++) {
            int i = checkIndex(indices[b]);
            System.arraycopy(pixels, i * imageSize, x, b * imageSize, imageSize);
            y[b] = labels[i];
        }
        return new Batch(Tensor.wrap(x, indices.length, channels, height, width), Tensor.wrap(y, indices.length));
    }

    /** A new set holding copies of the images at {@code indices}, in that order. */
    public ImageSet select(int[] indices, String newName) {
        float[] x = new float[Math.multiplyExact(indices.length, imageSize)];
        long[] y = new long[indices.length];
        for (int b = 0; b < indices.length; b++) {
            int i = checkIndex(indices[b]);
            System.arraycopy(pixels, i * imageSize, x, b * imageSize, imageSize);
            y[b] = labels[i];
        }
        return new ImageSet(newName, x, y, channels, height, width, classes);
    }

    /** The first {@code n} images (all of them when n >= size()), for quick runs. */
    public ImageSet head(int n) {
        if (n < 1) throw new IllegalArgumentException(name + ": a subset needs at least 1 image, got " + n);
        if (n >= size()) return this;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        return select(idx, name);
    }

    /** Mean of every pixel value, per channel. */
    public float[] mean() {
        double[] sum = new double[channels];
        int plane = height * width;
        for (int i = 0; i < size(); i++)
            for (int c = 0; c < channels; c++) {
                int base = i * imageSize + c * plane;
                double s = 0;
                for (int p = 0; p < plane; p++) s += pixels[base + p];
                sum[c] += s;
            }
        float[] out = new float[channels];
        for (int c = 0; c < channels; c++) out[c] = (float) (sum[c] / ((double) size() * plane));
        return out;
    }

    /** Population standard deviation of every pixel value, per channel. */
    public float[] std() {
        float[] mean = mean();
        double[] sum = new double[channels];
        int plane = height * width;
        for (int i = 0; i < size(); i++)
            for (int c = 0; c < channels; c++) {
                int base = i * imageSize + c * plane;
                double s = 0;
                for (int p = 0; p < plane; p++) {
                    double d = pixels[base + p] - mean[c];
                    s += d * d;
                }
                sum[c] += s;
            }
        float[] out = new float[channels];
        for (int c = 0; c < channels; c++) out[c] = (float) Math.sqrt(sum[c] / ((double) size() * plane));
        return out;
    }

    /** Images per class, indexed by label. */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (long l : labels) counts[(int) l]++;
        return counts;
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= labels.length)
            throw new IndexOutOfBoundsException(name + ": index " + i + " is out of range for " + labels.length + " images");
        return i;
    }

    @Override
    public String toString() {
        return name + " (" + size() + " images, " + channels + "x" + height + "x" + width + ", " + classes.size() + " classes)";
    }
}
