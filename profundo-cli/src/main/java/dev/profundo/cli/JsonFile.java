package dev.profundo.cli;

import dev.profundo.io.AtomicFile;
import dev.profundo.io.Json;

import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the {@code --json FILE} output of a command, atomically. */
final class JsonFile {
    private JsonFile() {}

    /** Writes {@code value} as JSON followed by a newline; the folder must exist. */
    static void write(Path file, Object value) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent))
            throw new IllegalArgumentException("--json " + file + ": folder " + parent + " does not exist");
        if (Files.isDirectory(file)) throw new IllegalArgumentException("--json " + file + ": is a folder, not a file");
        AtomicFile.writeString(file, Json.write(value) + "\n");
    }

    /** A number for JSON, or null where it is NaN or infinite (JSON has no form for them). */
    static Object num(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
