package dev.profundo.tensor;

import org.junit.jupiter.api.Test;

import static dev.profundo.tensor.Grads.check;
import static dev.profundo.tensor.Grads.rnd;

/** Finite-difference checks of matmul for every operand rank PyTorch accepts. */
class MatmulGradTest {
    @Test
    void vectorDotVector() { check(x -> x[0].matmul(x[1]), rnd(1, 4), rnd(2, 4)); }

    @Test
    void vectorTimesMatrix() { check(x -> x[0].matmul(x[1]), rnd(1, 4), rnd(2, 4, 3)); }

    @Test
    void matrixTimesVector() { check(x -> x[0].matmul(x[1]), rnd(1, 3, 4), rnd(2, 4)); }

    @Test
    void matrixTimesMatrix() { check(x -> x[0].matmul(x[1]), rnd(1, 3, 4), rnd(2, 4, 5)); }

    @Test
    void batched3d() { check(x -> x[0].matmul(x[1]), rnd(1, 2, 3, 4), rnd(2, 2, 4, 5)); }

    @Test
    void broadcastBatch2134With542() {
        check(x -> x[0].matmul(x[1]), rnd(1, 2, 1, 3, 4), rnd(2, 5, 4, 2));
    }

    @Test
    void batchedTimesPlainMatrix() { check(x -> x[0].matmul(x[1]), rnd(1, 2, 3, 4), rnd(2, 4, 2)); }

    @Test
    void vectorTimesBatch() { check(x -> x[0].matmul(x[1]), rnd(1, 4), rnd(2, 2, 4, 3)); }

    @Test
    void transposedViewsAsInputs() {
        check(x -> x[0].t().matmul(x[1]), rnd(1, 4, 3), rnd(2, 4, 5));
        check(x -> x[0].matmul(x[1].t()), rnd(1, 3, 4), rnd(2, 5, 4));
        check(x -> x[0].t().matmul(x[1].t()), rnd(1, 4, 3), rnd(2, 5, 4));
        check(x -> x[0].transpose(-2, -1).matmul(x[1]), rnd(1, 2, 4, 3), rnd(2, 2, 4, 5));
    }

    @Test
    void slicedViewAsInput() {
        check(x -> x[0].slice(1, 1, 5).matmul(x[1]), rnd(1, 3, 6), rnd(2, 4, 2));
    }
}
