package dev.profundo.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file all at once or not at all: the content goes to a temporary file in the same
 * directory, is forced to disk, and is then renamed over the target. A crash or an exception
 * mid-write leaves the previous file untouched and no temporary file behind.
 */
public final class AtomicFile {
    /** Writes the content of a file to an open channel. */
    @FunctionalInterface
    public interface Content {
        /** Writes everything to {@code channel}, which is positioned at 0. */
        void writeTo(FileChannel channel) throws IOException;
    }

    private AtomicFile() {}

    /** Atomically replaces {@code target} with UTF-8 {@code text}. */
    public static void writeString(Path target, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, ch -> writeFully(ch, ByteBuffer.wrap(bytes)));
    }

    /**
     * Atomically replaces {@code target} with what {@code content} writes.
     *
     * @throws IllegalArgumentException when the target is a directory or its directory does not exist
     * @throws UncheckedIOException when writing, syncing or renaming fails (the old file survives)
     */
    public static void write(Path target, Content content) {
        Path abs = target.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (dir == null || abs.getFileName() == null)
            throw new IllegalArgumentException("cannot write to " + target + ": it names no file");
        if (Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS))
            throw new IllegalArgumentException("cannot write to " + target + ": it is a directory");
        if (!Files.isDirectory(dir))
            throw new IllegalArgumentException("cannot write to " + target + ": directory " + dir + " does not exist");
        Path tmp = createTemp(dir, abs.getFileName().toString());
        boolean done = false;
        try {
            try (var ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                content.writeTo(ch);
                ch.force(true);
            }
            move(tmp, abs);
            done = true;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
        } finally {
            if (!done) deleteQuietly(tmp);
        }
    }

    /** Writes all remaining bytes of {@code buf}; a channel may accept fewer per call. */
    static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }

    private static Path createTemp(Path dir, String name) {
        // Not Files.createTempFile: its owner-only permissions would stick to the renamed file.
        String base = "." + (name.length() > 100 ? name.substring(0, 100) : name) + ".";
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(base + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) throw new UncheckedIOException("could not create a temporary file in " + dir, e);
            } catch (IOException e) {
                throw new UncheckedIOException("could not create a temporary file in " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so this only happens on exotic file systems; a plain replace is the best left.
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void syncDirectory(Path dir) {
        // Makes the rename itself durable on POSIX; not possible on every OS, so failures are ignored.
        try (var ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the original failure matters more than a leftover temporary file
        }
    }
}
