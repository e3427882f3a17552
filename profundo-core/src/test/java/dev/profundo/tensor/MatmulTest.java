package dev.profundo.tensor;

import org.junit.jupiter.api.Test;

import static dev.profundo.tensor.Grads.assertValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Matmul forward values and result shapes for each operand rank, and its shape error. */
class MatmulTest {
    private static final Tensor A = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    private static final Tensor B = Tensor.of(new float[] {7, 8, 9, 10, 11, 12}, 3, 2);

    @Test
    void matrixTimesMatrix() {
        assertValues(new float[] {58, 64, 139, 154}, new int[] {2, 2}, A.matmul(B), 0);
    }

    @Test
    void vectorDotVectorIsZeroDim() {
        Tensor d = Tensor.of(new float[] {1, 2, 3}, 3).matmul(Tensor.of(new float[] {4, 5, 6}, 3));
        assertEquals(0, d.dim());
        assertEquals(32, d.item());
    }

    @Test
    void vectorTimesMatrixDropsTheRowDim() {
        assertValues(new float[] {27, 30}, new int[] {2}, Tensor.of(new float[] {1, 1, 1}, 3).matmul(B), 0);
    }

    @Test
    void matrixTimesVectorDropsTheColumnDim() {
        assertValues(new float[] {6, 15}, new int[] {2}, A.matmul(Tensor.of(new float[] {1, 1, 1}, 3)), 0);
    }

    @Test
    void transposedViewEqualsMaterialisedTranspose() {
        Tensor at = A.t();
        assertValues(A.t().contiguous().matmul(A).toFloatArray(), new int[] {3, 3}, at.matmul(A), 0);
        assertValues(new float[] {14, 32, 32, 77}, new int[] {2, 2}, A.matmul(A.t()), 0);
    }

    @Test
    void batchDimsBroadcast() {
        Tensor a = Tensor.ones(2, 1, 3, 4);
        Tensor b = Tensor.ones(5, 4, 2);
        Tensor c = a.matmul(b);
        assertArrayEquals(new int[] {2, 5, 3, 2}, c.shape());
        assertEquals(4, c.get(1, 4, 2, 1));
    }

    @Test
    void eachBatchUsesItsOwnMatrices() {
        Tensor a = Tensor.stack(java.util.List.of(Tensor.ones(2, 2), Tensor.ones(2, 2).mul(2)), 0);
        Tensor c = a.matmul(Tensor.ones(2, 1));
        assertValues(new float[] {2, 2, 4, 4}, new int[] {2, 2, 1}, c, 0);
    }

    @Test
    void misalignedShapesGiveTheDesignMessage() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(32, 784).matmul(Tensor.zeros(128, 10)));
        assertEquals("matmul: shapes [32, 784] and [128, 10] do not align (784 != 128)", e.getMessage());
    }

    @Test
    void zeroDimOperandIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(2).matmul(A));
        assertEquals(true, e.getMessage().startsWith("matmul:"), e.getMessage());
    }

    @Test
    void incompatibleBatchDimsNameMatmul() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)));
        assertEquals(true, e.getMessage().startsWith("matmul:"), e.getMessage());
    }
}
