package dev.profundo.tensor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.profundo.tensor.Grads.check;
import static dev.profundo.tensor.Grads.rnd;

/**
 * Finite-difference checks of views, copies and indexing. Each view is followed by an elementwise
 * op so the gradient must travel back through the view's strides.
 */
class ShapeOpsGradTest {
    @Test
    void reshapeAndView() {
        check(x -> x[0].reshape(4, -1).exp(), rnd(1, 2, 3, 2));
        check(x -> x[0].view(6, 2).exp(), rnd(1, 2, 3, 2));
    }

    @Test
    void reshapeOfNonContiguous() { check(x -> x[0].t().reshape(-1).exp(), rnd(1, 3, 4)); }

    @Test
    void permute() { check(x -> x[0].permute(2, 0, 1).contiguous().exp(), rnd(1, 2, 3, 4)); }

    @Test
    void transposeAndT() {
        check(x -> x[0].transpose(0, 2).exp(), rnd(1, 2, 3, 4));
        check(x -> x[0].t().mul(Tensor.arange(0, 3).to(DType.FLOAT32)), rnd(1, 3, 4));
    }

    @Test
    void slice() {
        check(x -> x[0].slice(1, 1, 3).exp(), rnd(1, 2, 4, 3));
        check(x -> x[0].slice(-1, -2, 3).exp(), rnd(1, 2, 4, 3));
    }

    @Test
    void squeezeAndUnsqueeze() {
        check(x -> x[0].squeeze(1).exp(), rnd(1, 3, 1, 4));
        check(x -> x[0].unsqueeze(-1).mul(Tensor.arange(1, 4).to(DType.FLOAT32)), rnd(1, 2, 4));
    }

    @Test
    void expandSumsGradientOverCopies() {
        check(x -> x[0].expand(2, 3, 4).exp(), rnd(1, 3, 1));
        check(x -> x[0].expand(-1, 5).exp(), rnd(1, 3, 1));
    }

    @Test
    void flatten() {
        check(x -> x[0].flatten(1).exp(), rnd(1, 2, 3, 4));
        check(x -> x[0].flatten(0, 1).exp(), rnd(1, 2, 3, 4));
    }

    @Test
    void contiguousOfTransposed() { check(x -> x[0].t().contiguous().exp(), rnd(1, 3, 4)); }

    @Test
    void catAlongEachDim() {
        check(x -> Tensor.cat(List.of(x[0], x[1]), 0).exp(), rnd(1, 2, 3), rnd(2, 4, 3));
        check(x -> Tensor.cat(List.of(x[0], x[1], x[0]), -1).exp(), rnd(1, 2, 3), rnd(2, 2, 1));
    }

    @Test
    void stackAlongEachDim() {
        check(x -> Tensor.stack(List.of(x[0], x[1]), 0).exp(), rnd(1, 2, 3), rnd(2, 2, 3));
        check(x -> Tensor.stack(List.of(x[0], x[1]), 2).exp(), rnd(1, 2, 3), rnd(2, 2, 3));
    }

    @Test
    void indexSelectAccumulatesRepeatedRows() {
        Tensor idx = Tensor.of(new long[] {2, 0, 2, 2}, 4);
        check(x -> x[0].indexSelect(0, idx).exp(), rnd(1, 3, 2));
        check(x -> x[0].indexSelect(1, idx).exp(), rnd(1, 2, 3));
    }

    @Test
    void gatherAccumulatesRepeatedPositions() {
        Tensor idx = Tensor.of(new long[] {0, 2, 2, 1, 1, 1}, 2, 3);
        check(x -> x[0].gather(1, idx).exp(), rnd(1, 2, 3));
        Tensor rows = Tensor.of(new long[] {1, 0, 1}, 1, 3);
        check(x -> x[0].gather(0, rows).exp(), rnd(1, 2, 3));
    }

    @Test
    void whereRoutesGradientToChosenSide() {
        Tensor cond = Tensor.of(new float[] {1, 0, 0, 1, 1, 0}, 2, 3);
        check(x -> Tensor.where(cond, x[0], x[1]).exp(), rnd(1, 2, 3), rnd(2, 2, 3));
        check(x -> Tensor.where(cond, x[0], x[1]).exp(), rnd(1, 3), rnd(2, 2, 1));
    }

    @Test
    void reductionsAndIndexingOfTransposedViews() {
        Tensor idx = Tensor.of(new long[] {1, 1, 0}, 3);
        check(x -> x[0].t().sum(1), rnd(1, 3, 4));
        check(x -> x[0].t().softmax(1), rnd(1, 3, 4));
        check(x -> x[0].t().max(0), rnd(1, 3, 4));
        check(x -> x[0].t().indexSelect(1, idx), rnd(1, 3, 4));
        check(x -> x[0].t().gather(1, Tensor.of(new long[] {2, 0, 1, 1}, 4, 1)), rnd(1, 3, 4));
        check(x -> x[0].permute(1, 0, 2).var(0), rnd(1, 3, 2, 2));
    }
}
