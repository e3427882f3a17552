package dev.profundo.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    /** The result of one command line: exit code and both streams. */
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code;
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8); var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, new Console(o, e));
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownOptionExitsWith2AndOneLine() {
        Result r = run("train", "--frobnicate");
        assertEquals(2, r.code());
        assertEquals("profundo: unknown option '--frobnicate' for 'train'; see 'profundo train --help'\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void anUnknownCommandExitsWith2AndListsTheCommands() {
        Result r = run("fit");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown command 'fit'") && r.err().contains("train, eval, predict, run, info, visualize, bench"), r.err());
    }

    @Test
    void noArgumentsPrintsTheUsageAndExits2() {
        Result r = run();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Usage: profundo COMMAND"), r.err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[] {"train", "eval", "predict", "run", "info"}) {
            Result r = run(cmd, "--help");
            assertEquals(0, r.code(), cmd);
            assertTrue(r.out().startsWith("Usage: profundo " + cmd), r.out());
            assertTrue(r.out().contains("--verbose"), r.out());
        }
        assertTrue(run("train", "--help").out().contains("--batch-size B"));
        assertEquals(0, run("--help").code());
    }

    @Test
    void aMissingModelIsOneLineWithoutAStackTrace() {
        Result r = run("eval", "no-such-model.safetensors");
        assertEquals(1, r.code());
        assertEquals("profundo: no-such-model.safetensors: model file not found\n(run with --verbose for the stack trace)\n", r.err());
    }

    @Test
    void verboseAddsTheStackTrace() {
        Result r = run("--verbose", "eval", "no-such-model.safetensors");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("\tat dev.profundo."), r.err());
    }

    @Test
    void aBadNumberIsAUsageError() {
        Result r = run("train", "--epochs", "many");
        assertEquals(2, r.code());
        assertEquals("profundo: option --epochs expects a whole number, got 'many'\n", r.err());
    }

    @Test
    void flipConflictsAreUsageErrorsThatSayWhy() {
        var both = run("train", "--flip", "--augment", "--epochs", "1");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--flip and --augment do not combine: --augment already crops and flips"), both.err());
        var crop = run("train", "--crop", "--augment", "--epochs", "1");
        assertEquals(2, crop.code());
        assertTrue(crop.err().contains("--crop and --augment do not combine"), crop.err());
        var contradiction = run("train", "--crop", "--no-crop", "--epochs", "1");
        assertEquals(2, contradiction.code());
        assertTrue(contradiction.err().contains("--crop and --no-crop contradict each other"), contradiction.err());
        var digits = run("train", "--flip", "--epochs", "1");
        assertEquals(2, digits.code());
        assertTrue(digits.err().contains("a mirrored digit is another symbol"), digits.err());
    }

    @Test
    void runRejectsANonJavaFile() {
        Result r = run("run", "notes.txt");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("ending in .java"), r.err());
    }

    @Test
    void infoReportsVersionJavaSimdThreadsAndDatasetPaths() {
        Result r = run("info");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("Profundo "), r.out());
        assertTrue(r.out().contains("Java      25"), r.out());
        // The build runs tests with --add-modules jdk.incubator.vector, so SIMD is on here.
        assertTrue(r.out().contains("SIMD      on: FloatVector"), r.out());
        assertTrue(r.out().contains("/usr/share/datasets/fashion-mnist"), r.out());
        // Whatever collector the test JVM runs, the memory line names the heap; the young generation follows
        // where the collector's pools report eden and survivor spaces.
        assertTrue(r.out().matches("(?s).*Memory +[0-9,]+ MiB max heap.*"), r.out());
        assertFalse(r.err().contains("WARNING"), r.err());
    }
}
