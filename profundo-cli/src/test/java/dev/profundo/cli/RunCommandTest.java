package dev.profundo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunCommandTest {
    @TempDir Path dir;

    @Test
    void runsAOneFileProgramAgainstTheLibraryAndReturnsItsExitCode() throws IOException {
        // The program exits 3 only if the library is on its class path and the Vector API module is loaded.
        Path src = dir.resolve("Check.java");
        Files.writeString(src, """
                import dev.profundo.tensor.Tensor;
                void main(String[] args) {
                    double s = Tensor.of(new float[] {1, 2, 3}, 3).sum().item();
                    boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
                    System.exit(s == 6 && vector && args[0].equals("--x") ? 3 : 1);
                }
                """);
        var r = MainTest.run("run", src.toString(), "--x");
        assertEquals(3, r.code(), r.err());
    }

    @Test
    void aMissingSourceFileIsExit1() {
        assertEquals(1, MainTest.run("run", dir.resolve("Nope.java").toString()).code());
    }

    @Test
    void theProgramGetsTheLaunchersFlagsButNotItsFlightRecording() {
        List<String> flags = RunCommand.jvmFlags(List.of("--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC",
                "-Xmn192m", "-XX:SurvivorRatio=2", "-Dprofundo.x=1", "-XX:StartFlightRecording=filename=a.jfr",
                "-javaagent:agent.jar"));
        assertEquals(List.of("--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-Xmn192m",
                "-XX:SurvivorRatio=2", "-Dprofundo.x=1"), flags);
    }

    @Test
    void withoutTheLauncherTheVectorModuleAndTheParallelCollectorAreAdded() {
        List<String> flags = RunCommand.jvmFlags(List.of("-Xmx1g"));
        assertEquals(List.of("-Xmx1g", "--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"), flags);
        List<String> g1 = RunCommand.jvmFlags(List.of("-XX:+UseG1GC"));
        assertTrue(g1.contains("-XX:+UseG1GC"), "a chosen collector is kept");
        assertEquals(1, g1.stream().filter(f -> f.endsWith("GC")).count(), g1.toString());
    }
}
