package dev.profundo.cli;

import dev.profundo.io.Json;
import dev.profundo.vision.data.FashionMnist;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trains the benchmark CNN on real Fashion-MNIST (first 6,000 training images, one epoch) when the
 * Debian package {@code dataset-fashion-mnist} is installed; skipped otherwise.
 */
class FashionMnistIntegrationTest {
    @TempDir Path dir;

    @Test
    void oneShortEpochOfTheCnnPasses70Percent() throws IOException {
        Assumptions.assumeTrue(FashionMnist.hasAllFiles(FashionMnist.SYSTEM_DIR),
                "Fashion-MNIST is not installed in " + FashionMnist.SYSTEM_DIR + " (apt-get install dataset-fashion-mnist): skipped");
        Path json = dir.resolve("f.json");
        var r = MainTest.run("train", "--dataset", "fashion-mnist", "--model", "cnn", "--epochs", "1", "--limit", "6000",
                "--out", dir.resolve("run").toString(), "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        var j = (Map<?, ?>) Json.parse(Files.readString(json));
        assertEquals("fashion-mnist", j.get("dataset"));
        assertEquals(6000L, j.get("train_images"));
        double acc = ((Number) j.get("test_accuracy")).doubleValue();
        assertTrue(acc > 0.70, "test accuracy " + acc + " after one epoch on 6,000 images");
    }
}
