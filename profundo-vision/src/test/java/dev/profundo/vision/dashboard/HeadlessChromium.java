package dev.profundo.vision.dashboard;

import dev.profundo.io.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium driven over the DevTools protocol with the JDK's WebSocket client: enough to
 * load a page, evaluate JavaScript in it and take a screenshot, with no Selenium or Playwright.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^\\s]+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The browser executable: $CHROME, else chromium, chromium-browser or google-chrome on the PATH. */
    static Optional<Path> find() {
        String env = System.getenv("CHROME");
        if (env != null && Files.isExecutable(Path.of(env))) return Optional.of(Path.of(env));
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"))
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (dir.isEmpty()) continue;
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return Optional.of(p);
            }
        return Optional.empty();
    }

    /** Starts the browser on {@code url} with a fresh profile and connects to the page's DevTools socket. */
    static HeadlessChromium launch(Path exe, URI url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("profundo-chromium-");
        var pb = new ProcessBuilder(exe.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "--window-size=1280,1000", url.toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        var found = new CompletableFuture<String>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) found.complete(m.group(1));
                }
            } catch (IOException ignored) {
                // the browser exited
            }
            found.completeExceptionally(new IOException("the browser exited without opening its DevTools port"));
        });
        String browserWs;
        try {
            browserWs = found.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            reader.interrupt();
            throw new IOException("could not start " + exe + ": " + e.getMessage(), e);
        }
        URI ws = URI.create(browserWs);
        HttpClient http = HttpClient.newHttpClient();
        String pageWs = null;
        for (int attempt = 0; attempt < 50 && pageWs == null; attempt++) {
            var list = http.send(HttpRequest.newBuilder(URI.create("http://" + ws.getHost() + ":" + ws.getPort() + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (Object o : (List<?>) Json.parse(list.body()))
                if (o instanceof Map<?, ?> t && "page".equals(t.get("type"))) pageWs = (String) t.get("webSocketDebuggerUrl");
            if (pageWs == null) Thread.sleep(100);
        }
        if (pageWs == null) {
            p.destroyForcibly();
            throw new IOException("the browser opened no page");
        }
        var holder = new CompletableFuture<HeadlessChromium>();
        var listener = new Listener(holder);
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageWs), listener).join();
        var chrome = new HeadlessChromium(p, profile, socket);
        holder.complete(chrome);
        return chrome;
    }

    /** Sends a DevTools command and waits for its result. */
    @SuppressWarnings("unchecked")
    Map<String, Object> send(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        var f = new CompletableFuture<Map<String, Object>>();
        pending.put(id, f);
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("id", id);
        msg.put("method", method);
        msg.put("params", params);
        socket.sendText(Json.write(msg), true).join();
        Map<String, Object> reply = f.orTimeout(30, TimeUnit.SECONDS).join();
        if (reply.containsKey("error")) throw new IllegalStateException(method + " failed: " + reply.get("error"));
        return (Map<String, Object>) reply.get("result");
    }

    /** Evaluates a JavaScript expression in the page and returns its value (strings, numbers, booleans). */
    @SuppressWarnings("unchecked")
    Object eval(String expression) {
        Map<String, Object> r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        Map<String, Object> value = (Map<String, Object>) r.get("result");
        return value == null ? null : value.get("value");
    }

    /** A PNG screenshot of the page. */
    byte[] screenshot() {
        return Base64.getDecoder().decode((String) send("Page.captureScreenshot", Map.of("format", "png")).get("data"));
    }

    @Override
    public void close() throws IOException {
        try {
            socket.abort();
        } finally {
            // Chromium's helper processes (network service, renderer) write into the profile too: stop them
            // all (killed: the profile is thrown away), or the profile keeps changing while it is deleted.
            var helpers = process.descendants().toList();
            process.destroyForcibly();
            helpers.forEach(ProcessHandle::destroyForcibly);
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
                for (ProcessHandle h : helpers) {
                    try {
                        h.onExit().get(2, TimeUnit.SECONDS);
                    } catch (ExecutionException | TimeoutException e) {
                        // Still going after SIGKILL: leave it; deleteTree copes with late writes.
                    }
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            deleteTree(profile);
        }
    }

    /** Deletes a directory tree, tolerating files that vanish while it is walked (a few passes at most). */
    private static void deleteTree(Path root) throws IOException {
        for (int pass = 0; pass < 5 && Files.exists(root); pass++) {
            try (var files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (UncheckedIOException | NoSuchFileException e) {
                // Something was removed mid-walk; the next pass walks what is left.
            }
        }
    }

    /** Joins message fragments and completes the pending command with the same id. */
    private static final class Listener implements WebSocket.Listener {
        private final CompletableFuture<HeadlessChromium> owner;
        private final StringBuilder text = new StringBuilder();

        Listener(CompletableFuture<HeadlessChromium> owner) {
            this.owner = owner;
        }

        @Override
        @SuppressWarnings("unchecked")
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String msg = text.toString();
                text.setLength(0);
                var m = (Map<String, Object>) Json.parse(msg);
                if (m.get("id") instanceof Number id) {
                    var f = owner.join().pending.remove(id.intValue());
                    if (f != null) f.complete(m);
                }
            }
            ws.request(1);
            return null;
        }
    }
}
