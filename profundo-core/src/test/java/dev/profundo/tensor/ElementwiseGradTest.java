package dev.profundo.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.profundo.tensor.Grads.apart;
import static dev.profundo.tensor.Grads.check;
import static dev.profundo.tensor.Grads.positive;
import static dev.profundo.tensor.Grads.rnd;

/** Finite-difference checks of every elementwise op, including both directions of broadcasting. */
class ElementwiseGradTest {
    // ---------------------------------------------------------------- binary, broadcast both ways

    @Test
    void addBroadcasts314With24() {
        check(x -> x[0].add(x[1]), rnd(1, 3, 1, 4), rnd(2, 2, 4));
    }

    @Test
    void addBroadcasts24With314() {
        check(x -> x[0].add(x[1]), rnd(1, 2, 4), rnd(2, 3, 1, 4));
    }

    @Test
    void addBroadcastsVector() {
        check(x -> x[0].add(x[1]), rnd(1, 3, 4), rnd(2, 4));
        check(x -> x[0].add(x[1]), rnd(3, 4), rnd(4, 3, 4));
    }

    @Test
    void subBroadcastsBothWays() {
        check(x -> x[0].sub(x[1]), rnd(1, 3, 1, 4), rnd(2, 2, 4));
        check(x -> x[0].sub(x[1]), rnd(3, 4), rnd(4, 3, 1, 4));
    }

    @Test
    void mulBroadcastsBothWays() {
        check(x -> x[0].mul(x[1]), rnd(1, 3, 1, 4), rnd(2, 2, 4));
        check(x -> x[0].mul(x[1]), rnd(3, 4), rnd(4, 3, 1, 4));
    }

    @Test
    void divBroadcastsBothWays() {
        check(x -> x[0].div(x[1]), rnd(1, 3, 1, 4), positive(2, 0.5, 2, 4));
        check(x -> x[0].div(x[1]), rnd(3, 4), positive(4, 0.5, 3, 1, 4));
    }

    @Test
    void sameTensorOnBothSidesOfMul() {
        check(x -> x[0].mul(x[0]), rnd(5, 2, 3));
    }

    @Test
    void scalarForms() {
        check(x -> x[0].add(2.5), rnd(1, 2, 3));
        check(x -> x[0].sub(1.5), rnd(1, 2, 3));
        check(x -> x[0].mul(-3.0), rnd(1, 2, 3));
        check(x -> x[0].div(4.0), rnd(1, 2, 3));
    }

    @Test
    void maximumAndMinimumOfSameShape() {
        Tensor a = rnd(7, 3, 4);
        Tensor b = apart(a, 0.3);
        check(x -> x[0].maximum(x[1]), a, b);
        check(x -> x[0].minimum(x[1]), a, b);
    }

    @Test
    void maximumAndMinimumBroadcastBothWays() {
        // Every pair differs by at least 0.1, far from the kink at equality.
        Tensor row = Tensor.of(new float[] {0.9f, -0.8f, 0.7f, -0.6f}, 4);
        Tensor m = Tensor.of(new float[] {0.1f, 0.2f, -0.3f, 1.4f, -1.5f, 0.6f, 0.3f, -0.2f, 1.2f, -1.1f, 1.0f, -0.9f}, 3, 4);
        check(x -> x[0].maximum(x[1]), row, m);
        check(x -> x[0].minimum(x[1]), row, m);
        check(x -> x[0].maximum(x[1]), m, row);
        Tensor pair = Tensor.of(new float[] {0.5f, -0.4f, 0.65f, 0.4f, -0.6f, 0.95f, -0.75f, -0.55f}, 2, 4);
        check(x -> x[0].minimum(x[1]), m.reshape(3, 1, 4), pair);
        check(x -> x[0].maximum(x[1]), pair, m.reshape(3, 1, 4));
    }

    // ---------------------------------------------------------------- unary

    @Test
    void neg() { check(x -> x[0].neg(), rnd(1, 2, 3)); }

    @Test
    void exp() { check(x -> x[0].exp(), rnd(1, 2, 3)); }

    @Test
    void log() { check(x -> x[0].log(), positive(1, 0.3, 2, 3)); }

    @Test
    void sqrt() { check(x -> x[0].sqrt(), positive(1, 0.3, 2, 3)); }

    @Test
    void abs() { check(x -> x[0].abs(), rnd(1, 2, 3)); }

    @ParameterizedTest
    @ValueSource(doubles = {2, 3})
    void integerPowers(double p) { check(x -> x[0].pow(p), rnd(1, 2, 3)); }

    @Test
    void squareRootPower() { check(x -> x[0].pow(0.5), positive(1, 0.3, 2, 3)); }

    @Test
    void square() { check(x -> x[0].square(), rnd(1, 2, 3)); }

    @Test
    void clampPassesGradientOnlyInside() {
        // Values inside, below and above [-0.5, 0.5], none within 1e-3 of a bound.
        Tensor x0 = Tensor.of(new float[] {-0.9f, -0.3f, 0.1f, 0.4f, 0.8f, -0.6f}, 2, 3);
        check(x -> x[0].clamp(-0.5, 0.5), x0);
    }

    @Test
    void relu() { check(x -> x[0].relu(), rnd(1, 2, 3)); }

    @Test
    void leakyRelu() { check(x -> x[0].leakyRelu(0.1), rnd(1, 2, 3)); }

    @Test
    void gelu() { check(x -> x[0].gelu(), rnd(1, 2, 3).mul(2)); }

    @Test
    void silu() { check(x -> x[0].silu(), rnd(1, 2, 3).mul(2)); }

    @Test
    void sigmoid() { check(x -> x[0].sigmoid(), rnd(1, 2, 3).mul(2)); }

    @Test
    void tanh() { check(x -> x[0].tanh(), rnd(1, 2, 3)); }

    @Test
    void unaryOnTransposedView() {
        check(x -> x[0].t().exp().mul(x[0].t().tanh()), rnd(3, 3, 4));
    }

    // ---------------------------------------------------------------- softmax

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, -1})
    void softmaxEachDim(int dim) { check(x -> x[0].softmax(dim), rnd(1, 2, 3, 4)); }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, -1})
    void logSoftmaxEachDim(int dim) { check(x -> x[0].logSoftmax(dim), rnd(1, 2, 3, 4)); }
}
