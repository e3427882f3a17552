package dev.profundo.vision.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.profundo.nn.Conv2d;
import dev.profundo.nn.Layer;
import dev.profundo.train.Callback;
import dev.profundo.train.EpochStats;
import dev.profundo.train.FitResult;
import dev.profundo.train.Trainer;
import dev.profundo.vision.viz.Figures;
import dev.profundo.vision.viz.Png;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A live training dashboard: a small web page served by the JDK's HTTP server on the loopback
 * interface that shows the loss and accuracy curves, the current epoch and batch, throughput, ETA
 * and the latest first-layer filters while a {@link Trainer} runs. Add it as a callback:
 *
 * <pre>{@code
 * try (var dash = Dashboard.start(8080)) {
 *     Trainer.builder(model, opt).callback(dash).build().fit(train, test);
 * }
 * }</pre>
 *
 * <p>The page needs no build step and no network: plain HTML, CSS and JavaScript that draws on a
 * canvas, updated by server-sent events ({@code /events}) with polling of {@code /state} as the
 * fallback. Requests whose Host header is not the loopback address are refused, so other web
 * pages cannot read it through DNS rebinding.
 */
public final class Dashboard implements Callback, AutoCloseable {
    private static final long FILTER_INTERVAL_NANOS = 2_000_000_000L;

    private final HttpServer server;
    private final ExecutorService executor;
    private final DashboardState state = new DashboardState();
    private volatile boolean closed;
    private Conv2d firstConv;
    private AutoCloseable sampleHook;
    private long lastFilters;

    private Dashboard(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a dashboard on 127.0.0.1 at {@code port} (0 picks a free port); see {@link #uri()}. */
    public static Dashboard start(int port) {
        return start(InetAddress.getLoopbackAddress(), port);
    }

    /** Starts a dashboard bound to {@code address} (only a loopback address is safe: the page has no login). */
    public static Dashboard start(InetAddress address, int port) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("Dashboard: port must be in 0..65535, got " + port);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("Dashboard: cannot listen on " + address.getHostAddress() + ":" + port + " ("
                    + e.getMessage() + "); choose another port with --dashboard PORT", e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        var d = new Dashboard(server, executor);
        server.createContext("/", d::handle);
        server.start();
        return d;
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + port() + "/");
    }

    /** Tells the page how many epochs the run has, so it can show an ETA before the first epoch ends; returns this. */
    public Dashboard expectEpochs(int epochs) {
        state.expectEpochs(epochs);
        return this;
    }

    /** The current state as the JSON the page reads (for tests and tools). */
    public String stateJson() {
        return state.toJson();
    }

    @Override
    public void onTrainBegin(Trainer trainer) {
        Layer model = trainer.model();
        firstConv = null;
        for (Layer l : model.namedLayers().values())
            if (l instanceof Conv2d c) {
                firstConv = c;
                break;
            }
        // Counting the images the model sees in training mode gives the true throughput, last partial batch included.
        sampleHook = model.addForwardHook((layer, out) -> {
            if (layer.isTraining() && out.dim() > 0) state.addSamples(out.size(0));
        });
        state.trainBegin(model.describe() + String.format(" (%,d parameters)", model.parameterCount()), 0);
        publishFilters();
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batches, double loss) {
        state.batchEnd(epoch, batch, batches, loss);
        if (System.nanoTime() - lastFilters > FILTER_INTERVAL_NANOS) publishFilters();
    }

    @Override
    public void onEpochEnd(EpochStats stats) {
        state.epochEnd(stats);
        publishFilters();
    }

    @Override
    public void onTrainEnd(FitResult result) {
        publishFilters();
        state.trainEnd();
        if (sampleHook != null) {
            try {
                sampleHook.close();
            } catch (Exception e) {
                throw new IllegalStateException("Dashboard: could not remove its forward hook: " + e.getMessage(), e);
            }
            sampleHook = null;
        }
    }

    private void publishFilters() {
        lastFilters = System.nanoTime();
        if (firstConv == null) return;
        // Runs on the training thread between steps, so the weights are not changing underneath.
        int n = firstConv.outChannels();
        state.filters(Png.bytes(Figures.filters(firstConv.weight(), "First-layer filters", null, n <= 16 ? 8 : n <= 64 ? 8 : 16)));
    }

    /** Stops the server and ends every open event stream. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        state.wakeAll();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!hostAllowed(ex)) {
                send(ex, 403, "text/plain; charset=utf-8", "forbidden: the dashboard only answers to the loopback address\n");
                return;
            }
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n");
                return;
            }
            switch (ex.getRequestURI().getPath()) {
                case "/", "/index.html" -> send(ex, 200, "text/html; charset=utf-8", DashboardPage.HTML);
                case "/state" -> send(ex, 200, "application/json", state.toJson());
                case "/events" -> stream(ex);
                case "/filters.png" -> {
                    byte[] png = state.filtersPng();
                    if (png == null) send(ex, 404, "text/plain; charset=utf-8", "no filters yet\n");
                    else send(ex, 200, "image/png", png);
                }
                default -> send(ex, 404, "text/plain; charset=utf-8", "not found\n");
            }
        } catch (IOException e) {
            // The browser went away mid-response: nothing to do.
        }
    }

    private boolean hostAllowed(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null) return true;
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.replaceFirst(":\\d+$", "");
        return name.equals("127.0.0.1") || name.equals("localhost") || name.equals("[::1]")
                || name.equals(server.getAddress().getAddress().getHostAddress());
    }

    private void stream(HttpExchange ex) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", "text/event-stream; charset=utf-8");
        h.set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        long seen = -1;
        try {
            while (!closed) {
                long v = state.awaitChange(seen, 15_000);
                if (closed) break;
                if (v == seen) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    seen = v;
                    out.write(("data: " + state.toJson() + "\n\n").getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
                Thread.sleep(100);  // at most ten updates a second, however fast the batches come
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        send(ex, code, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head) ex.getResponseBody().write(body);
    }
}
