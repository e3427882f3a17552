package dev.profundo.vision.image;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads image files (PNG, JPEG, GIF, BMP via {@code javax.imageio}) and turns them into pixel
 * arrays in [0, 1], channels first (C, H, W), with area-averaging resize. Transparent pixels are
 * composited over white, as on paper.
 */
public final class Images {
    private Images() {}

    /**
     * Decodes an image file.
     *
     * @throws ImageFormatException naming the file if it is missing, not an image or corrupt
     */
    public static BufferedImage read(Path file) {
        if (!Files.exists(file)) throw new ImageFormatException(file + ": file not found");
        if (!Files.isRegularFile(file)) throw new ImageFormatException(file + ": not a regular file");
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            // Decoders report damage as IIOException and, for some inputs, as runtime errors.
            throw new ImageFormatException(file + ": corrupt or unreadable image (" + e.getMessage() + ")", e);
        }
        if (img == null)
            throw new ImageFormatException(file + ": not a supported image (PNG, JPEG, GIF or BMP expected)");
        if (img.getWidth() < 1 || img.getHeight() < 1)
            throw new ImageFormatException(file + ": the image is empty (" + img.getWidth() + "x" + img.getHeight() + ")");
        return img;
    }

    /**
     * The image's pixels as {@code channels} planes (1 = grayscale by luma, 3 = RGB), values in [0, 1].
     */
    public static float[] pixels(BufferedImage img, int channels) {
        if (channels != 1 && channels != 3)
            throw new IllegalArgumentException("Images.pixels: channels must be 1 or 3, got " + channels);
        int w = img.getWidth(), h = img.getHeight(), plane = w * h;
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        float[] out = new float[channels * plane];
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            float a = ((p >>> 24) & 0xFF) / 255f;
            // Over white: transparent areas of a drawing are paper, not ink.
            float r = (((p >> 16) & 0xFF) / 255f) * a + (1 - a);
            float g = (((p >> 8) & 0xFF) / 255f) * a + (1 - a);
            float b = ((p & 0xFF) / 255f) * a + (1 - a);
            if (channels == 1) {
                out[i] = 0.299f * r + 0.587f * g + 0.114f * b;
            } else {
                out[i] = r;
                out[plane + i] = g;
                out[2 * plane + i] = b;
            }
        }
        return out;
    }

    /**
     * Resizes (C, H, W) planes to (C, newH, newW): area averaging when shrinking (each output pixel
     * is the mean of the source area it covers), linear interpolation when enlarging.
     */
    public static float[] resize(float[] src, int channels, int h, int w, int newH, int newW) {
        if (newH < 1 || newW < 1) throw new IllegalArgumentException("Images.resize: target size " + newH + "x" + newW + " must be positive");
        if ((long) channels * h * w != src.length)
            throw new IllegalArgumentException("Images.resize: " + src.length + " values do not fill " + channels + "x" + h + "x" + w);
        if (h == newH && w == newW) return src.clone();
        Resample rows = Resample.of(h, newH), cols = Resample.of(w, newW);
        float[] tmp = new float[channels * newH * w];
        float[] out = new float[channels * newH * newW];
        for (int c = 0; c < channels; c++) {
            for (int oy = 0; oy < newH; oy++)
                for (int x = 0; x < w; x++) {
                    float s = 0;
                    for (int k = 0; k < rows.count[oy]; k++)
                        s += rows.weight[oy][k] * src[(c * h + rows.start[oy] + k) * w + x];
                    tmp[(c * newH + oy) * w + x] = s;
                }
            for (int oy = 0; oy < newH; oy++)
                for (int ox = 0; ox < newW; ox++) {
                    float s = 0;
                    for (int k = 0; k < cols.count[ox]; k++)
                        s += cols.weight[ox][k] * tmp[(c * newH + oy) * w + cols.start[ox] + k];
                    out[(c * newH + oy) * newW + ox] = s;
                }
        }
        return out;
    }

    /** Per output index along one axis: the first source index and the weights of the sources it mixes. */
    private record Resample(int[] start, int[] count, float[][] weight) {
        static Resample of(int in, int out) {
            int[] start = new int[out], count = new int[out];
            float[][] weight = new float[out][];
            double scale = (double) in / out;
            for (int o = 0; o < out; o++) {
                if (scale >= 1) {
                    double a = o * scale, b = (o + 1) * scale;
                    int i0 = (int) Math.floor(a), i1 = Math.min(in, (int) Math.ceil(b));
                    start[o] = i0;
                    count[o] = i1 - i0;
                    weight[o] = new float[count[o]];
                    for (int i = i0; i < i1; i++)
                        weight[o][i - i0] = (float) ((Math.min(b, i + 1) - Math.max(a, i)) / scale);
                } else {
                    double centre = (o + 0.5) * scale - 0.5;
                    int i0 = (int) Math.floor(centre);
                    double f = centre - i0;
                    int lo = Math.clamp(i0, 0, in - 1), hi = Math.clamp(i0 + 1, 0, in - 1);
                    start[o] = Math.min(lo, hi);
                    count[o] = hi == lo ? 1 : 2;
                    weight[o] = count[o] == 1 ? new float[] {1f} : new float[] {(float) (1 - f), (float) f};
                }
            }
            return new Resample(start, count, weight);
        }
    }
}
