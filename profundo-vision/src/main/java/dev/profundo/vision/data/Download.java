package dev.profundo.vision.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Downloads one file over HTTP(S) into a folder, safely: the bytes go to {@code NAME.part} next to
 * the target, their MD5 is checked against the published one, and only then is the file moved into
 * place in one step. An existing file of that name is never touched, a failed or corrupt download
 * leaves nothing behind, and progress (bytes, percent, rate) goes to the given stream.
 */
final class Download {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    private Download() {}

    /**
     * Fetches {@code url} into {@code dir/name} and returns that path.
     *
     * @param md5      the expected MD5 of the file, lower-case hex
     * @param progress where to report progress; a console gets one updating line, anything else a line per file
     * @throws IOException naming the address and the reason (network, HTTP status, checksum)
     */
    static Path fetch(URI url, Path dir, String name, String md5, PrintStream progress) throws IOException {
        Path target = dir.resolve(name);
        if (Files.exists(target)) throw new IOException(target + " already exists; not overwriting it");
        Files.createDirectories(dir);
        Path part = dir.resolve(name + ".part");
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(RESPONSE_TIMEOUT).GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException(url + ": HTTP status " + response.statusCode());
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            String got = copy(response.body(), part, total, name, progress);
            if (!got.equals(md5)) {
                throw new IOException(url + ": checksum mismatch (MD5 " + got + ", expected " + md5
                        + "); the download is corrupt or the file has changed, so it was discarded");
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(url + ": download interrupted", e);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Streams the body to {@code part}, reporting progress, and returns the MD5 of what was written. */
    private static String copy(InputStream body, Path part, long total, String name, PrintStream progress) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
        boolean live = System.console() != null;
        long done = 0, start = System.nanoTime(), lastReport = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = body; OutputStream out = Files.newOutputStream(part)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                digest.update(buf, 0, n);
                done += n;
                long now = System.nanoTime();
                if (live && now - lastReport > 200_000_000L) {
                    progress.print("\r" + line(name, done, total, now - start));
                    progress.flush();
                    lastReport = now;
                }
            }
        }
        progress.print((live ? "\r" : "") + line(name, done, total, System.nanoTime() - start) + "\n");
        progress.flush();
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String line(String name, long done, long total, long nanos) {
        double mb = done / 1e6, rate = mb / Math.max(nanos / 1e9, 1e-3);
        String pct = total > 0 ? String.format(Locale.ROOT, " %3.0f %%", 100.0 * done / total) : "";
        String of = total > 0 ? String.format(Locale.ROOT, " of %.1f MB", total / 1e6) : " MB";
        return String.format(Locale.ROOT, "  %-28s %6.1f%s%s  %.1f MB/s", name, mb, of, pct, rate);
    }
}
