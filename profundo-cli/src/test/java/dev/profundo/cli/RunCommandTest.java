package dev.profundo.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunCommandTest {

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
        assertTrue(RunCommand.jvmFlags(List.of("-XX:+UseG1GC")).contains("-XX:+UseG1GC"), "a chosen collector is kept");
        assertEquals(1, RunCommand.jvmFlags(List.of("-XX:+UseG1GC")).stream().filter(f -> f.endsWith("GC")).count());
    }
}
