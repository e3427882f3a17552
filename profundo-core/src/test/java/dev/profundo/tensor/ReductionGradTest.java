package dev.profundo.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.profundo.tensor.Grads.check;
import static dev.profundo.tensor.Grads.rnd;

/** Finite-difference checks of reductions, over all elements and over each dim (negative dims too). */
class ReductionGradTest {
    @Test
    void sumAll() { check(x -> x[0].sum(), rnd(1, 2, 3, 4)); }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, -1, -3})
    void sumDim(int dim) {
        check(x -> x[0].sum(dim), rnd(1, 2, 3, 4));
        check(x -> x[0].sum(dim, true), rnd(1, 2, 3, 4));
    }

    @Test
    void meanAll() { check(x -> x[0].mean(), rnd(1, 2, 3, 4)); }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, -1, -2})
    void meanDim(int dim) {
        check(x -> x[0].mean(dim), rnd(1, 2, 3, 4));
        check(x -> x[0].mean(dim, true), rnd(1, 2, 3, 4));
    }

    @Test
    void maxAndMinAll() {
        check(x -> x[0].max(), rnd(2, 3, 4));
        check(x -> x[0].min(), rnd(2, 3, 4));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -1})
    void maxAndMinDim(int dim) {
        check(x -> x[0].max(dim), rnd(3, 3, 4));
        check(x -> x[0].min(dim, true), rnd(3, 3, 4));
    }

    @Test
    void varAndStdAll() {
        check(x -> x[0].var(), rnd(4, 3, 4));
        check(x -> x[0].std(), rnd(4, 3, 4));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -1})
    void varAndStdDim(int dim) {
        check(x -> x[0].var(dim), rnd(5, 3, 4));
        check(x -> x[0].var(dim, true, false), rnd(5, 3, 4));
        check(x -> x[0].std(dim, true), rnd(5, 3, 4));
    }

    @Test
    void logSumExpAll() { check(x -> x[0].logSumExp(), rnd(6, 3, 4)); }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -1})
    void logSumExpDim(int dim) {
        check(x -> x[0].logSumExp(dim), rnd(6, 3, 4));
        check(x -> x[0].logSumExp(dim, true), rnd(6, 3, 4));
    }
}
