package dev.profundo.contract;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the shared API contract, {@code ../shared/contract/DigitsContract.java}, unchanged: a user
 * program launched as Java source against the compiled core, which must end with {@code contract: ok}.
 */
class DigitsContractTest {

    /** Finds a file under the shared folder that sits beside the repository. */
    static Path shared(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
            Path p = dir.resolve("../shared").resolve(relative).normalize();
            if (Files.exists(p)) return p;
            p = dir.resolve("shared").resolve(relative).normalize();
            if (Files.exists(p)) return p;
        }
        throw new IllegalStateException("cannot find shared/" + relative + " beside the repository");
    }

    @Test
    void digitsContractRunsUnchangedAndReachesTheAccuracyBar() throws IOException, InterruptedException {
        Path program = shared("contract/DigitsContract.java");
        Path digits = shared("data/uci-small/digits.csv.gz");
        String java = ProcessHandle.current().info().command().orElse("java");
        Path classes = Path.of("target/classes").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector",
                "-cp", classes.toString(), program.toString(), digits.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output;
        try (var in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("contract program did not finish in 10 minutes:\n" + output);
        }
        System.out.println(output);
        assertEquals(0, p.exitValue(), "contract program failed:\n" + output);
        String last = output.strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("contract: ok accuracy="), "last line was: " + last + "\n" + output);
        double accuracy = Double.parseDouble(last.substring(last.indexOf('=') + 1));
        assertTrue(accuracy >= 0.97, "accuracy " + accuracy);
    }
}
