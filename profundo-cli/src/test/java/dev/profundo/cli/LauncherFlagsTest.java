package dev.profundo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The JVM flags the launcher and the benchmark script share (tools/jvm-flags.sh), per PROFUNDO_MEMORY. */
class LauncherFlagsTest {
    private static final Path SCRIPT = Path.of("..", "tools", "jvm-flags.sh").toAbsolutePath().normalize();

    private record Out(int code, String stdout, String stderr) {}

    private static Out flags(String memory) throws IOException, InterruptedException {
        assumeTrue(Files.isRegularFile(SCRIPT) && Files.isExecutable(Path.of("/bin/bash")), "needs bash and " + SCRIPT);
        var pb = new ProcessBuilder("/bin/bash", "-c", ". \"$0\" && profundo_jvm_flags", SCRIPT.toString());
        pb.environment().remove("PROFUNDO_MEMORY");
        if (memory != null) pb.environment().put("PROFUNDO_MEMORY", memory);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return new Out(p.waitFor(), out, err);
    }

    @Test
    void everyModeRunsTheVectorModuleAndTheParallelCollector() throws Exception {
        for (String mode : new String[] {null, "small", "large"}) {
            Out o = flags(mode);
            assertEquals(0, o.code(), o.stderr());
            assertTrue(o.stdout().startsWith("--add-modules jdk.incubator.vector -XX:+UseParallelGC"), o.stdout());
        }
    }

    @Test
    void smallAndLargePickTheirYoungGeneration() throws Exception {
        assertTrue(flags("small").stdout().contains("-Xmn64m -XX:SurvivorRatio=2 -XX:-UseAdaptiveSizePolicy"));
        Out large = flags("large");
        assertTrue(large.stdout().contains("-Xmn1536m -XX:-UseAdaptiveSizePolicy"), large.stdout());
        assertFalse(large.stdout().contains("SurvivorRatio"), large.stdout());
    }

    @Test
    void theDefaultIsTheMiddleSizeOrTheJvmsOwnOnSmallMachines() throws Exception {
        String def = flags(null).stdout();
        long memKb = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo")))
            if (line.startsWith("MemTotal:")) memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
        if (memKb >= 8_000_000) assertTrue(def.contains("-Xmn192m -XX:SurvivorRatio=2 -XX:-UseAdaptiveSizePolicy"), def);
        else assertFalse(def.contains("-Xmn"), def);
    }

    @Test
    void anUnknownModeFailsWithAMessage() throws Exception {
        Out o = flags("tiny");
        assertTrue(o.code() != 0, "exit code " + o.code());
        assertTrue(o.stderr().contains("PROFUNDO_MEMORY must be 'small' or 'large', got 'tiny'"), o.stderr());
    }
}
