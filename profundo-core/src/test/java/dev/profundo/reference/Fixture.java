package dev.profundo.reference;

import dev.profundo.io.Safetensors;
import dev.profundo.tensor.Tensor;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One PyTorch reference case (a safetensors file under {@code src/test/resources/fixtures}, written
 * by {@code tools/fixtures/make_fixtures.py}): its tensors, its metadata, and the comparison rule.
 *
 * <p>Tolerance: {@code |actual - expected| <= 1e-5 * max(|expected|, 1)} per element, i.e. 1e-5
 * relative for values of magnitude above 1 and 1e-5 absolute below. The references are float64
 * results rounded to float32, and every fixture keeps its values near unit scale, so a correct
 * float32 implementation lands well inside this (a few ulps of float32, about 1e-7 relative, plus
 * summation error), while a wrong formula (biased vs unbiased variance, a missing term, a wrong
 * window) misses it by orders of magnitude.
 */
final class Fixture {
    static final double TOLERANCE = 1e-5;

    private final String name;
    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;

    private Fixture(String name, Map<String, Tensor> tensors, Map<String, String> metadata) {
        this.name = name;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Loads {@code fixtures/<name>.safetensors} from the test class path. */
    static Fixture load(String name) {
        var url = Fixture.class.getResource("/fixtures/" + name + ".safetensors");
        if (url == null) throw new IllegalStateException("fixture " + name
                + " is missing: run /usr/bin/python3 tools/fixtures/make_fixtures.py");
        try {
            Path path = Path.of(url.toURI());
            return new Fixture(name, Safetensors.load(path), Safetensors.metadata(path));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stored tensor, as loaded. */
    Tensor get(String key) {
        Tensor t = tensors.get(key);
        if (t == null) throw new IllegalArgumentException("fixture " + name + " has no tensor '" + key
                + "'; it has " + tensors.keySet());
        return t;
    }

    /** A fresh copy of a stored float tensor marked {@code requiresGrad}, to use as a graph leaf. */
    Tensor leaf(String key) {
        Tensor t = get(key);
        return Tensor.of(t.toFloatArray(), t.shape()).requiresGrad(true);
    }

    /** A fresh copy of a stored float tensor that does not require a gradient. */
    Tensor copy(String key) {
        Tensor t = get(key);
        return Tensor.of(t.toFloatArray(), t.shape());
    }

    boolean hasTensor(String key) { return tensors.containsKey(key); }

    boolean hasMeta(String key) { return metadata.containsKey(key); }

    String meta(String key) {
        String v = metadata.get(key);
        if (v == null) throw new IllegalArgumentException("fixture " + name + " has no metadata '" + key
                + "'; it has " + metadata.keySet());
        return v;
    }

    int metaInt(String key) { return Integer.parseInt(meta(key)); }

    double metaDouble(String key) { return Double.parseDouble(meta(key)); }

    boolean metaBool(String key) { return Boolean.parseBoolean(meta(key)); }

    /** Asserts {@code actual} has the stored tensor's shape and values within {@link #TOLERANCE}. */
    void assertClose(String key, Tensor actual) {
        if (actual == null) fail(name + "/" + key + ": Profundo produced null (no gradient reached this tensor?)");
        Tensor expected = get(key);
        assertArrayEquals(expected.shape(), actual.shape(), () -> name + "/" + key + ": shape "
                + Arrays.toString(actual.shape()) + " but PyTorch gave " + Arrays.toString(expected.shape()));
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        int worst = -1, bad = 0;
        double worstRatio = 0, maxAbs = 0;
        for (int i = 0; i < e.length; i++) {
            double diff = Math.abs((double) a[i] - e[i]);
            double ratio = diff / (TOLERANCE * Math.max(Math.abs(e[i]), 1.0));
            if (Double.isNaN(diff)) ratio = Double.POSITIVE_INFINITY;
            if (ratio > 1) bad++;
            if (ratio > worstRatio || worst < 0) { worstRatio = ratio; worst = i; }
            maxAbs = Math.max(maxAbs, diff);
        }
        if (Boolean.getBoolean("profundo.fixture.report"))
            System.out.printf("fixture %-32s %-20s max |diff| %.3g, worst %.3f of the tolerance%n",
                    name, key, maxAbs, worstRatio);
        if (bad > 0) fail(String.format(
                "%s/%s: %d of %d elements differ from PyTorch; worst at flat index %d: expected %.9g, got %.9g"
                        + " (|diff| = %.3g, %.1fx the tolerance); max |diff| %.3g",
                name, key, bad, e.length, worst, e[worst], a[worst], Math.abs((double) a[worst] - e[worst]),
                worstRatio, maxAbs));
    }
}
