package dev.profundo.train;

import dev.profundo.io.Safetensors;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A process killed while it saves never leaves a corrupt checkpoint behind. */
class AtomicCheckpointTest {

    /** Child process: saves a large checkpoint over and over, each time with a new generation number. */
    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        float[] big = new float[4_000_000];
        for (int gen = 1; ; gen++) {
            java.util.Arrays.fill(big, gen);
            Safetensors.save(Map.of("w", Tensor.wrap(big.clone(), big.length)), Map.of("generation", Integer.toString(gen)), file);
        }
    }

    @Test
    void killDuringSaveLeavesTheLastGoodCheckpoint(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("last.safetensors");
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int round = 0; round < 3; round++) {
            Process child = new ProcessBuilder(java, "--add-modules=jdk.incubator.vector", "-cp",
                    System.getProperty("java.class.path"), AtomicCheckpointTest.class.getName(), file.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(file) && System.nanoTime() < deadline) Thread.sleep(10);
            Thread.sleep(200 + 150L * round); // land somewhere inside a later save
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);

            var loaded = Safetensors.read(file);
            int gen = Integer.parseInt(loaded.metadata().get("generation"));
            float[] w = loaded.tensors().get("w").toFloatArray();
            assertEquals(4_000_000, w.length);
            assertEquals(gen, w[0], 0f);
            assertEquals(gen, w[w.length - 1], 0f, "the file holds one complete generation");
        }
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".safetensors")
                    && !p.getFileName().toString().equals("last.safetensors")), "no stray checkpoint files");
        }
    }
}
