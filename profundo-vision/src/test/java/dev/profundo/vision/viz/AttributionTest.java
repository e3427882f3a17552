package dev.profundo.vision.viz;

import dev.profundo.nn.Conv2d;
import dev.profundo.nn.Flatten;
import dev.profundo.nn.Linear;
import dev.profundo.nn.ReLU;
import dev.profundo.nn.Sequential;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AttributionTest {
    @Test
    void saliencyOfALinearModelIsTheAbsoluteWeightRow() {
        var lin = new Linear(4, 2);
        lin.loadStateDict(Map.of("weight", Tensor.of(new float[] {1, 2, 3, 4, -0.5f, 0.25f, -2, 1}, 2, 4),
                "bias", Tensor.zeros(2)));
        var model = new Sequential(new Flatten(), lin);
        float[] s = Attribution.saliency(model, Tensor.of(new float[] {9, 8, 7, 6}, 1, 1, 2, 2), 1);
        assertArrayEquals(new float[] {0.5f, 0.25f, 2, 1}, s, 1e-6f);
        assertNull(lin.weight().grad(), "no gradient left on the parameters");
    }

    @Test
    void gradCamPointsAtTheRegionThatRaisesTheClass() {
        // A 1x1 identity convolution, ReLU, and a head whose class-0 weights are all positive:
        // the class-0 evidence is exactly where the image is bright.
        var conv = new Conv2d(1, 1, 1);
        conv.loadStateDict(Map.of("weight", Tensor.of(new float[] {1}, 1, 1, 1, 1), "bias", Tensor.zeros(1)));
        var head = new Linear(16, 2);
        float[] w = new float[32];
        for (int i = 0; i < 16; i++) {
            w[i] = 1;
            w[16 + i] = -1;
        }
        head.loadStateDict(Map.of("weight", Tensor.of(w, 2, 16), "bias", Tensor.zeros(2)));
        var model = new Sequential(conv, new ReLU(), new Flatten(), head);
        float[] img = new float[16];
        img[5] = 2;
        img[10] = 1;
        var cam = Attribution.gradCam(model, Tensor.of(img, 1, 1, 4, 4), 0);
        assertEquals(1, cam.layer(), "conv extended through its ReLU");
        assertEquals(4, cam.h());
        assertEquals(1.0f, cam.map()[5], 1e-6f);
        assertEquals(0.5f, cam.map()[10], 1e-6f);
        assertEquals(0.0f, cam.map()[0], 1e-6f);
        assertEquals(3.0, cam.logit(), 1e-6);
        var other = Attribution.gradCam(model, Tensor.of(img, 1, 1, 4, 4), 1);
        assertEquals(0.0f, other.map()[5], 1e-6f, "class 1 has only negative evidence: ReLU leaves nothing");
    }

    @Test
    void rejectsBatchesAndBadClasses() {
        var model = new Sequential(new Flatten(), new Linear(4, 2));
        assertThrows(IllegalArgumentException.class, () -> Attribution.saliency(model, Tensor.zeros(2, 1, 2, 2), 0));
        var e = assertThrows(IllegalArgumentException.class, () -> Attribution.saliency(model, Tensor.zeros(1, 1, 2, 2), 5));
        assertEquals(true, e.getMessage().contains("class 5"), e.getMessage());
    }
}
