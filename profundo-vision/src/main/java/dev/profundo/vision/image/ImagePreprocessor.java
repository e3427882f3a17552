package dev.profundo.vision.image;

import dev.profundo.tensor.Tensor;
import dev.profundo.vision.models.ModelCard;
import dev.profundo.vision.transforms.Normalize;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Turns an arbitrary image file into what a trained model expects, using only its
 * {@link ModelCard}: channels, size, polarity and normalisation.
 *
 * <p>For models trained on centred light-on-dark images (the MNIST family, UCI digits), a photo or
 * drawing of dark ink on white paper is inverted (decided from the image border), and when its size
 * differs from the model's, the drawing is cropped to its ink, centred in a square and then shrunk
 * by area averaging, as those datasets were made. Images already at the model's size are only
 * inverted if needed.
 */
public final class ImagePreprocessor {
    /** Ink threshold for the crop, as a fraction of the brightest pixel. */
    private static final float INK = 0.2f;
    private final ModelCard card;
    private final Normalize normalize;

    /** A preprocessor for the model described by {@code card}. */
    public ImagePreprocessor(ModelCard card) {
        this.card = card;
        this.normalize = new Normalize(card.mean(), card.std());
    }

    /** Reads, converts and normalises one file into a batch of one: (1, C, H, W). */
    public Tensor load(Path file) {
        return prepare(Images.read(file));
    }

    /** Converts and normalises a decoded image into a batch of one: (1, C, H, W). */
    public Tensor prepare(BufferedImage image) {
        int c = card.input().channels(), h = card.input().height(), w = card.input().width();
        int sh = image.getHeight(), sw = image.getWidth();
        float[] px = Images.pixels(image, c);
        if (card.darkBackground()) {
            if (borderMean(px, c, sh, sw) > 0.5f) for (int i = 0; i < px.length; i++) px[i] = 1f - px[i];
            if (sh != h || sw != w) {
                int[] box = inkBox(px, c, sh, sw);
                if (box != null) {
                    px = cropSquare(px, c, sh, sw, box);
                    sh = sw = box[2];
                }
            }
        }
        float[] out = Images.resize(px, c, sh, sw, h, w);
        normalize.apply(out, 1, c, h * w);
        return Tensor.wrap(out, 1, c, h, w);
    }

    private static float borderMean(float[] px, int c, int h, int w) {
        double s = 0;
        int n = 0;
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    if (y == 0 || x == 0 || y == h - 1 || x == w - 1) {
                        s += px[(ch * h + y) * w + x];
                        n++;
                    }
        return (float) (s / n);
    }

    /** {top, left, side} of the smallest square around the ink, centred on it; null if there is no ink. */
    private static int[] inkBox(float[] px, int c, int h, int w) {
        float max = 0;
        for (float v : px) max = Math.max(max, v);
        if (max <= 0) return null;
        int top = h, bottom = -1, left = w, right = -1;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                float v = 0;
                for (int ch = 0; ch < c; ch++) v = Math.max(v, px[(ch * h + y) * w + x]);
                if (v > INK * max) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        if (bottom < 0) return null;
        int side = Math.max(bottom - top + 1, right - left + 1);
        int cy = (top + bottom + 1) / 2, cx = (left + right + 1) / 2;
        return new int[] {cy - side / 2, cx - side / 2, side};
    }

    /** The square {@code box} of the image; parts outside the image are background (0). */
    private static float[] cropSquare(float[] px, int c, int h, int w, int[] box) {
        int top = box[0], left = box[1], side = box[2];
        float[] out = new float[c * side * side];
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < side; y++) {
                int sy = top + y;
                if (sy < 0 || sy >= h) continue;
                for (int x = 0; x < side; x++) {
                    int sx = left + x;
                    if (sx >= 0 && sx < w) out[(ch * side + y) * side + x] = px[(ch * h + sy) * w + sx];
                }
            }
        return out;
    }
}
