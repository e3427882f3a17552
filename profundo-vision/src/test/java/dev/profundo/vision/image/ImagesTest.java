package dev.profundo.vision.image;

import dev.profundo.tensor.Tensor;
import dev.profundo.vision.models.InputSpec;
import dev.profundo.vision.models.ModelCard;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImagesTest {
    @Test
    void shrinkingAveragesTheCoveredArea() {
        float[] src = {1, 3, 0, 0, 5, 7, 0, 0, 0, 0, 2, 2, 0, 0, 2, 2};      // 4x4
        assertArrayEquals(new float[] {4, 0, 0, 2}, Images.resize(src, 1, 4, 4, 2, 2), 1e-6f);
    }

    @Test
    void shrinkingByAFractionWeighsPartialPixels() {
        float[] src = {0, 0, 3};                                                // 1x3 → 1x2: [0, .5·0+... ]
        float[] out = Images.resize(src, 1, 1, 3, 1, 2);
        assertArrayEquals(new float[] {0, 2}, out, 1e-6f);                      // [0,1.5) → 0; [1.5,3) → (0·.5 + 3·1)/1.5
    }

    @Test
    void enlargingInterpolatesLinearly() {
        float[] out = Images.resize(new float[] {0, 4}, 1, 1, 2, 1, 4);
        assertArrayEquals(new float[] {0, 1, 3, 4}, out, 1e-6f);
    }

    @Test
    void grayscaleUsesLumaAndTransparencyIsWhitePaper() {
        var img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0xFF00FF00);                                         // opaque green
        img.setRGB(1, 0, 0x00000000);                                         // fully transparent
        float[] px = Images.pixels(img, 1);
        assertEquals(0.587f, px[0], 1e-3);
        assertEquals(1f, px[1], 1e-6);
    }

    @Test
    void aDarkOnWhiteDrawingIsInvertedCroppedAndShrunkForADigitsModel() {
        // A 100x100 white canvas with a black 40x20 bar: the model sees a light bar on black, filling its height.
        var img = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 100; y++) for (int x = 0; x < 100; x++) {
            boolean ink = y >= 30 && y < 70 && x >= 40 && x < 60;
            img.setRGB(x, y, ink ? 0 : 0xFFFFFF);
        }
        var card = new ModelCard("cnn", InputSpec.DIGITS, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                new float[] {0}, new float[] {1}, "digits", true, Map.of());
        Tensor t = new ImagePreprocessor(card).prepare(img);
        assertArrayEquals(new int[] {1, 1, 8, 8}, t.shape());
        float[] v = t.toFloatArray();
        // 40x40 crop → 8x8: columns 2..5 are ink (1), the rest background (0), on every row.
        for (int y = 0; y < 8; y++)
            for (int x = 0; x < 8; x++) assertEquals(x >= 2 && x < 6 ? 1f : 0f, v[y * 8 + x], 1e-5f, "pixel " + y + "," + x);
    }

    @Test
    void badChannelCountIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Images.pixels(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), 2));
    }
}
