package dev.profundo.vision.data;

import dev.profundo.data.Batch;
import dev.profundo.data.Dataset;
import dev.profundo.data.Example;
import dev.profundo.tensor.Tensor;

import java.util.List;

/**
 * A labelled image dataset held in memory: {@code size()} images of {@code channels x height x width}
 * pixels in [0, 1] (row-major, channels first) and one class index per image. It is a
 * {@link Dataset} whose batches are gathered with one array copy per image:
 * {@code x} is float32 (B, C, H, W), {@code y} is int64 (B).
 *
 * <p>The pixels are held either as floats or, for 8-bit sources such as the IDX files of (Fashion-)MNIST,
 * as the 8-bit levels themselves ({@link #ofLevels}): a quarter of the memory (Fashion-MNIST's 70,000
 * images take 55 MB instead of 220 MB), turned into the same floats, level / 255, when a batch is gathered.
 */
public final class ImageSet implements Dataset {
    /** The float of each 8-bit level: the same floats as {@code (b & 0xFF) / 255f}. */
    private static final float[] LEVEL = new float[256];
    static {
        for (int v = 0; v < 256; v++) LEVEL[v] = v / 255f;
    }

    private final String name;
    private final float[] pixels;   // null when the set holds 8-bit levels
    private final byte[] levels;    // null when the set holds floats
    private final long[] labels;
    private final int channels, height, width, imageSize;
    private final List<String> classes;

    /**
     * Wraps pixel and label arrays (not copied).
     *
     * @throws IllegalArgumentException if the sizes disagree or a label is outside [0, classes.size())
     */
    public ImageSet(String name, float[] pixels, long[] labels, int channels, int height, int width, List<String> classes) {
        this(name, pixels, null, pixels.length, labels, channels, height, width, classes);
    }

    /**
     * A set whose pixels are 8-bit levels (value = unsigned level / 255), wrapped, not copied.
     *
     * @throws IllegalArgumentException if the sizes disagree or a label is outside [0, classes.size())
     */
    public static ImageSet ofLevels(String name, byte[] levels, long[] labels, int channels, int height, int width,
                                    List<String> classes) {
        return new ImageSet(name, null, levels, levels.length, labels, channels, height, width, classes);
    }

    private ImageSet(String name, float[] pixels, byte[] levels, int values, long[] labels, int channels, int height,
                     int width, List<String> classes) {
        if (channels < 1 || height < 1 || width < 1)
            throw new IllegalArgumentException(name + ": image size must be positive, got " + channels + "x" + height + "x" + width);
        long imageSize = (long) channels * height * width;
        if (imageSize * labels.length != values)
            throw new IllegalArgumentException(name + ": " + labels.length + " labels need " + imageSize * labels.length
                    + " pixel values for " + channels + "x" + height + "x" + width + " images, got " + values);
        if (classes.isEmpty()) throw new IllegalArgumentException(name + ": no class names given");
        for (int i = 0; i < labels.length; i++)
            if (labels[i] < 0 || labels[i] >= classes.size())
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of image " + i + " is outside [0, "
                        + classes.size() + "); the label file is corrupt or belongs to another dataset");
        this.name = name;
        this.pixels = pixels;
        this.levels = levels;
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

    /**
     * All images as one float32 tensor (N, C, H, W): sharing this set's storage when it holds floats, a new
     * array when it holds 8-bit levels.
     */
    public Tensor images() {
        if (pixels != null) return Tensor.wrap(pixels, size(), channels, height, width);
        float[] x = new float[levels.length];
        for (int i = 0; i < size(); i++) copyImage(i, x, i * imageSize);
        return Tensor.wrap(x, size(), channels, height, width);
    }

    /** All labels as one int64 tensor (N). */
    public Tensor labels() { return Tensor.of(labels, size()); }

    /** The pixels of image {@code i} as a copy (C·H·W values in [0, 1]). */
    public float[] pixels(int i) {
        checkIndex(i);
        float[] out = new float[imageSize];
        copyImage(i, out, 0);
        return out;
    }

    /** Whether the pixels are held as 8-bit levels ({@link #ofLevels}) rather than floats. */
    public boolean holdsLevels() { return levels != null; }

    /** Writes image i's C·H·W values into dst at off. */
    private void copyImage(int i, float[] dst, int off) {
        int from = i * imageSize;
        if (pixels != null) {
            System.arraycopy(pixels, from, dst, off, imageSize);
        } else {
            for (int j = 0; j < imageSize; j++) dst[off + j] = LEVEL[levels[from + j] & 0xFF];
        }
    }

    private float value(int index) {
        return pixels != null ? pixels[index] : LEVEL[levels[index] & 0xFF];
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
            copyImage(i, x, b * imageSize);
            y[b] = labels[i];
        }
        return new Batch(Tensor.wrap(x, indices.length, channels, height, width), Tensor.wrap(y, indices.length));
    }

    /** A new set holding copies of the images at {@code indices}, in that order. */
    public ImageSet select(int[] indices, String newName) {
        int total = Math.multiplyExact(indices.length, imageSize);
        float[] x = pixels != null ? new float[total] : null;
        byte[] l = pixels != null ? null : new byte[total];
        long[] y = new long[indices.length];
        for (int b = 0; b < indices.length; b++) {
            int i = checkIndex(indices[b]);
            if (x != null) System.arraycopy(pixels, i * imageSize, x, b * imageSize, imageSize);
            else System.arraycopy(levels, i * imageSize, l, b * imageSize, imageSize);
            y[b] = labels[i];
        }
        return new ImageSet(newName, x, l, total, y, channels, height, width, classes);
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
                for (int p = 0; p < plane; p++) s += value(base + p);
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
                    double d = value(base + p) - mean[c];
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
