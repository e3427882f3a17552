package dev.profundo.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * User mistakes give an IllegalArgumentException or IndexOutOfBoundsException whose message starts
 * with the op's name, never an ArrayIndexOutOfBoundsException from deep inside a loop.
 */
class InputValidationTest {
    private static final Tensor M = Tensor.zeros(2, 3);
    private static final Tensor S = Tensor.scalar(1);

    private static void rejects(String op, Executable call) {
        Throwable e = assertThrows(RuntimeException.class, call);
        assertTrue(e instanceof IllegalArgumentException || e instanceof IndexOutOfBoundsException
                && !(e instanceof ArrayIndexOutOfBoundsException), op + " threw " + e);
        assertTrue(e.getMessage() != null && e.getMessage().startsWith(op), "message should name '" + op + "': " + e.getMessage());
    }

    @Test
    void badDimsInReductions() {
        rejects("sum", () -> M.sum(2));
        rejects("sum", () -> M.sum(-3));
        rejects("mean", () -> M.mean(5));
        rejects("max", () -> M.max(2));
        rejects("min", () -> M.min(-3));
        rejects("argmax", () -> M.argmax(2));
        rejects("argmin", () -> M.argmin(2));
        rejects("var", () -> M.var(3));
        rejects("logSumExp", () -> M.logSumExp(2));
        rejects("softmax", () -> M.softmax(2));
        rejects("logSoftmax", () -> M.logSoftmax(-3));
        rejects("size", () -> M.size(2));
    }

    @Test
    void badDimsInViews() {
        rejects("transpose", () -> M.transpose(0, 2));
        rejects("permute", () -> M.permute(0, 2));
        rejects("permute", () -> M.permute(0, 0));
        rejects("permute", () -> M.permute(0));
        rejects("slice", () -> M.slice(2, 0, 1));
        rejects("squeeze", () -> M.squeeze(2));
        rejects("unsqueeze", () -> M.unsqueeze(4));
        rejects("flatten", () -> M.flatten(3));
        rejects("flatten", () -> M.flatten(1, 0));
        rejects("cat", () -> Tensor.cat(List.of(M, M), 2));
        rejects("stack", () -> Tensor.stack(List.of(M, M), 4));
        rejects("indexSelect", () -> M.indexSelect(2, Tensor.of(new long[] {0}, 1)));
        rejects("gather", () -> M.gather(2, Tensor.of(new long[] {0}, 1, 1)));
        rejects("t", () -> Tensor.zeros(2, 3, 4).t());
    }

    @Test
    void dimsOfZeroDimTensors() {
        rejects("size", () -> S.size(0));
        rejects("slice", () -> S.slice(0, 0, 1));
        rejects("mean", () -> S.mean(1));
        rejects("transpose", () -> S.transpose(0, 1));
    }

    @Test
    void outOfRangeIndices() {
        rejects("indexSelect", () -> M.indexSelect(0, Tensor.of(new long[] {0, 2}, 2)));
        rejects("indexSelect", () -> M.indexSelect(1, Tensor.of(new long[] {-4}, 1)));
        rejects("gather", () -> M.gather(1, Tensor.of(new long[] {0, 3}, 1, 2)));
        rejects("gather", () -> M.gather(0, Tensor.of(new long[] {-3}, 1, 1)));
        rejects("oneHot", () -> Tensor.of(new long[] {0, 3}, 2).oneHot(3));
        rejects("oneHot", () -> Tensor.of(new long[] {-1}, 1).oneHot(3));
        rejects("get", () -> M.get(2, 0));
        rejects("get", () -> M.get(0));
    }

    @Test
    void wrongIndexTypesAndShapes() {
        rejects("indexSelect", () -> M.indexSelect(0, Tensor.of(new float[] {0}, 1)));
        rejects("indexSelect", () -> M.indexSelect(0, Tensor.of(new long[] {0, 1}, 1, 2)));
        rejects("gather", () -> M.gather(1, Tensor.of(new long[] {0}, 1)));
        rejects("gather", () -> M.gather(1, Tensor.of(new long[] {0, 0, 0, 0}, 4, 1)));
        rejects("oneHot", () -> Tensor.of(new long[] {0}, 1).oneHot(0));
    }

    @Test
    void reshapeToWrongSizes() {
        rejects("reshape", () -> M.reshape(4, 2));
        rejects("reshape", () -> M.reshape(-1, -1));
        rejects("reshape", () -> M.reshape(4, -1));
        rejects("reshape", () -> M.reshape(-2, 3));
        rejects("view", () -> M.view(7));
        rejects("expand", () -> M.expand(3));
        rejects("expand", () -> M.expand(2, -2));
        rejects("expand", () -> Tensor.zeros(1).expand(-2));
        rejects("expand", () -> Tensor.zeros(1, 3).expand(-1, 2, 3));
    }

    @Test
    void wrongDataLengthForShape() {
        rejects("Tensor.of", () -> Tensor.of(new float[] {1, 2, 3}, 2, 2));
        rejects("Tensor.of", () -> Tensor.of(new long[] {1, 2, 3}, 4));
        rejects("Tensor.of", () -> Tensor.of(new float[] {1}, -1));
        rejects("Tensor.wrap", () -> Tensor.wrap(new float[] {1, 2}, 3));
    }

    @Test
    void negativeSizesInFactories() {
        rejects("zeros", () -> Tensor.zeros(2, -3));
        rejects("ones", () -> Tensor.ones(-1));
        rejects("full", () -> Tensor.full(1, -1));
        rejects("rand", () -> Tensor.rand(-2));
        rejects("randn", () -> Tensor.randn(-2));
        rejects("arange", () -> Tensor.arange(5, 2));
    }

    @Test
    void reductionsOverEmptyDims() {
        rejects("max", () -> Tensor.zeros(2, 0).max(1));
        rejects("min", () -> Tensor.zeros(2, 0).min(-1));
        rejects("argmax", () -> Tensor.zeros(2, 0).argmax(1));
        rejects("max", () -> Tensor.zeros(0).max());
        rejects("argmin", () -> Tensor.zeros(0, 3).argmin());
    }

    @Test
    void otherArgumentErrors() {
        rejects("clamp", () -> M.clamp(1, 0));
        rejects("cat", () -> Tensor.cat(List.of(M, Tensor.zeros(2, 3, 1)), 0));
        rejects("cat", () -> Tensor.cat(List.of(M, Tensor.of(new long[6], 2, 3)), 0));
        rejects("where", () -> Tensor.where(Tensor.ones(2), M, Tensor.zeros(3)));
        rejects("matmul", () -> M.matmul(Tensor.of(new long[] {1, 2, 3}, 3)));
        rejects("maximum", () -> M.maximum(Tensor.zeros(2)));
        rejects("eq", () -> M.eq(Tensor.zeros(2)));
        rejects("setGrad", () -> M.setGrad(Tensor.zeros(3)));
    }
}
