package dev.profundo.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Known values of softmax and the activations, including numerically hard inputs. */
class ActivationValuesTest {
    @Test
    void softmaxRowsSumToOne() {
        Tensor.manualSeed(3);
        Tensor s = Tensor.randn(4, 7).mul(5).softmax(1);
        float[] rows = s.sum(1).toFloatArray();
        for (float r : rows) assertEquals(1.0, r, 1e-6);
        float[] cols = Tensor.randn(4, 7).softmax(0).sum(0).toFloatArray();
        for (float c : cols) assertEquals(1.0, c, 1e-6);
    }

    @Test
    void softmaxOfLargeInputsIsFinite() {
        Tensor s = Tensor.of(new float[] {1000, 1001, 1002}, 3).softmax(0);
        double e1 = Math.exp(-1), e2 = Math.exp(-2), z = 1 + e1 + e2;
        assertArrayEquals(new float[] {(float) (e2 / z), (float) (e1 / z), (float) (1 / z)}, s.toFloatArray(), 1e-6f);
    }

    @Test
    void logSoftmaxOf1000And0IsFinite() {
        float[] v = Tensor.of(new float[] {1000, 0}, 2).logSoftmax(0).toFloatArray();
        assertEquals(0.0, v[0], 1e-6);
        assertEquals(-1000.0, v[1], 1e-3);
        assertFalse(Float.isNaN(v[1]) || Float.isInfinite(v[1]));
    }

    @Test
    void geluMatchesExactErfForm() {
        float[] g = Tensor.of(new float[] {1, -0.5f, 0, 3}, 4).gelu().toFloatArray();
        assertEquals(0.8413447460685429, g[0], 1e-6);
        assertEquals(-0.15426876936299347, g[1], 1e-6);
        assertEquals(0.0, g[2], 0);
        assertEquals(2.995950011077036, g[3], 1e-6);
    }

    @Test
    void erfMatchesKnownValues() {
        assertEquals(0.8427007929497149, UnaryOps.erf(1.0), 1e-14);
        assertEquals(-0.5204998778130465, UnaryOps.erf(-0.5), 1e-14);
        assertEquals(0.9953222650189527, UnaryOps.erf(2.0), 1e-14);
        assertEquals(0.9999779095030014, UnaryOps.erf(3.0), 1e-14);
        assertEquals(1.0, UnaryOps.erf(7.0), 0);
    }

    @Test
    void sigmoidSiluTanhValues() {
        Tensor x = Tensor.of(new float[] {0, 2, -100}, 3);
        assertArrayEquals(new float[] {0.5f, 0.880797f, 0f}, x.sigmoid().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0f, 1.761594f, -0f}, x.silu().toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {0f, 0.964028f, -1f}, x.tanh().toFloatArray(), 1e-6f);
    }

    @Test
    void piecewiseActivations() {
        Tensor x = Tensor.of(new float[] {-2, -0.5f, 0.5f, 2}, 4);
        assertArrayEquals(new float[] {0, 0, 0.5f, 2}, x.relu().toFloatArray());
        assertArrayEquals(new float[] {-0.2f, -0.05f, 0.5f, 2}, x.leakyRelu(0.1).toFloatArray(), 1e-7f);
        assertArrayEquals(new float[] {-1, -0.5f, 0.5f, 1}, x.clamp(-1, 1).toFloatArray());
        assertArrayEquals(new float[] {2, 0.5f, 0.5f, 2}, x.abs().toFloatArray());
        assertArrayEquals(new float[] {-8, -0.125f, 0.125f, 8}, x.pow(3).toFloatArray(), 1e-6f);
    }

    @Test
    void expLogSqrtValues() {
        Tensor x = Tensor.of(new float[] {1, 4}, 2);
        assertArrayEquals(new float[] {(float) Math.E, (float) Math.exp(4)}, x.exp().toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {0, (float) Math.log(4)}, x.log().toFloatArray(), 1e-7f);
        assertArrayEquals(new float[] {1, 2}, x.sqrt().toFloatArray());
        assertTrue(Float.isNaN(Tensor.scalar(-1).sqrt().toFloatArray()[0]));
    }
}
