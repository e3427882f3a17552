package dev.profundo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
