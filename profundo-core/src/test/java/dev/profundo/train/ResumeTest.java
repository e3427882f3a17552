package dev.profundo.train;

import dev.profundo.io.Safetensors;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resuming from last.safetensors ends with exactly the weights of an uninterrupted run. */
class ResumeTest {

    private static Map<String, Tensor> uninterrupted(int epochs, Path dir) {
        var f = new TrainingFixture(7);
        f.trainer(epochs, dir).fit(f.train, f.test);
        return f.model.stateDict();
    }

    private static void assertSameBits(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (var e : expected.entrySet())
            assertArrayEquals(e.getValue().toFloatArray(), actual.get(e.getKey()).toFloatArray(), 0f, e.getKey());
    }

    @Test
    void resumedRunMatchesUninterruptedRunBitForBit(@TempDir Path tmp) {
        Map<String, Tensor> full = uninterrupted(5, tmp.resolve("full"));

        var first = new TrainingFixture(7);
        first.trainer(2, tmp.resolve("part")).fit(first.train, first.test);

        var second = new TrainingFixture(7);
        Tensor.manualSeed(99); // scramble the generator: its state must come from the checkpoint
        second.trainer(1, null).fit(second.train, null); // and so must the weights and optimizer state
        Trainer t = second.trainer(5, tmp.resolve("part"));
        t.resume(tmp.resolve("part/last.safetensors"));
        assertEquals(2, t.completedEpochs());
        FitResult r = t.fit(second.train, second.test);
        assertEquals(3, r.history().size());
        assertSameBits(full, second.model.stateDict());
    }

    @Test
    void runKilledWithSigkillResumesToTheSameWeights(@TempDir Path tmp) throws Exception {
        Map<String, Tensor> full = uninterrupted(5, tmp.resolve("full"));
        Path runDir = tmp.resolve("killed");
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        Process child = new ProcessBuilder(java, "--add-modules=jdk.incubator.vector", "-cp", cp,
                TrainingFixture.class.getName(), runDir.toString(), "5")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        // Wait until epoch 2's checkpoint is written (epoch 3 runs slowly), then kill -9.
        Path metrics = runDir.resolve("metrics.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && child.isAlive()
                && !(Files.exists(metrics) && Files.readAllLines(metrics).size() >= 2)) Thread.sleep(20);
        Thread.sleep(150);
        assertTrue(child.isAlive(), "child finished before it could be killed:\n" + Files.readString(tmp.resolve("child.log")));
        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no cleanup
        child.waitFor(30, TimeUnit.SECONDS);

        var resumed = new TrainingFixture(7);
        Trainer t = resumed.trainer(5, runDir);
        t.resume(runDir.resolve("last.safetensors"));
        assertTrue(t.completedEpochs() >= 2 && t.completedEpochs() < 5, "completed " + t.completedEpochs());
        t.fit(resumed.train, resumed.test);
        assertSameBits(full, resumed.model.stateDict());
        try (var files = Files.list(runDir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.containsAll(List.of("config.json", "last.safetensors", "metrics.jsonl", "model.safetensors")), names.toString());
        }
    }

    @Test
    void checkpointMetadataCarriesTheLoopState(@TempDir Path tmp) {
        var f = new TrainingFixture(7);
        f.trainer(2, tmp).fit(f.train, f.test);
        Map<String, String> meta = Safetensors.metadata(tmp.resolve("last.safetensors"));
        assertEquals("2", meta.get("profundo.epoch"));
        assertEquals("fixture-mlp", meta.get("model"));
        assertTrue(meta.containsKey("profundo.rng_state"));
        Map<String, Tensor> best = Safetensors.load(tmp.resolve("model.safetensors"));
        assertEquals(f.model.stateDict().keySet(), best.keySet(), "model.safetensors holds plain model keys");
        assertTrue(new File(tmp.toFile(), "metrics.jsonl").length() > 0);
    }
}
