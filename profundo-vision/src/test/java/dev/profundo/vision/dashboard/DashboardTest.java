package dev.profundo.vision.dashboard;

import dev.profundo.data.DataLoader;
import dev.profundo.io.Json;
import dev.profundo.optim.Adam;
import dev.profundo.tensor.Tensor;
import dev.profundo.train.Trainer;
import dev.profundo.vision.data.Digits;
import dev.profundo.vision.models.InputSpec;
import dev.profundo.vision.models.Models;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DashboardTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<byte[]> get(Dashboard d, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(d.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesThePageStateAndFiltersOnLoopbackOnly() throws Exception {
        try (var d = Dashboard.start(0)) {
            assertTrue(d.uri().toString().startsWith("http://127.0.0.1:"), d.uri().toString());
            var page = get(d, "/");
            assertEquals(200, page.statusCode());
            String html = new String(page.body(), StandardCharsets.UTF_8);
            assertTrue(html.contains("<canvas id=\"lossChart\"") && html.contains("EventSource"), "page with charts and SSE");
            assertTrue(!html.contains("http://") && !html.contains("https://"), "no CDN or external asset");
            var state = (Map<?, ?>) Json.parse(new String(get(d, "/state").body(), StandardCharsets.UTF_8));
            assertEquals("waiting", state.get("status"));
            assertEquals(404, get(d, "/filters.png").statusCode(), "no filters before training");
            assertEquals(404, get(d, "/nope").statusCode());
            assertEquals(405, http.send(HttpRequest.newBuilder(d.uri()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            assertEquals(403, rawStatus(d, "evil.example.com"), "a foreign Host header (DNS rebinding) is refused");
            assertEquals(200, rawStatus(d, "localhost:" + d.port()));
        }
    }

    @Test
    void followsATrainingRunAndStreamsEvents() throws Exception {
        Tensor.manualSeed(5);
        var data = Digits.split();
        var model = Models.create("cnn", InputSpec.DIGITS);
        try (var d = Dashboard.start(0)) {
            var events = http.send(HttpRequest.newBuilder(d.uri().resolve("/events")).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals("text/event-stream; charset=utf-8", events.headers().firstValue("Content-Type").orElse(""));
            String first = firstData(events.body());
            assertEquals("waiting", ((Map<?, ?>) Json.parse(first)).get("status"));

            Trainer.builder(model, new Adam(model.parameters(), 1e-3)).epochs(2).callback(d).build()
                    .fit(new DataLoader(data.train().head(96), 32, true), new DataLoader(data.test().head(50), 50, false));
            var s = (Map<?, ?>) Json.parse(d.stateJson());
            assertEquals("finished", s.get("status"));
            assertEquals(2L, s.get("epoch"));
            assertEquals(3L, s.get("batches"));
            assertEquals(192L, s.get("samples"), "2 epochs x 96 training images counted by the forward hook");
            assertEquals(6, ((List<?>) s.get("loss")).size(), "one loss point per batch");
            assertEquals(2, ((List<?>) s.get("epochs_done")).size());
            var png = get(d, "/filters.png");
            assertEquals(200, png.statusCode());
            assertEquals("image/png", png.headers().firstValue("Content-Type").orElse(""));
            assertEquals((byte) 0x89, png.body()[0]);
        }
    }

    /** Sends a raw request with a chosen Host header (HttpClient does not allow setting it). */
    private static int rawStatus(Dashboard d, String host) throws Exception {
        try (var s = new Socket("127.0.0.1", d.port())) {
            s.getOutputStream().write(("GET /state HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    private static String firstData(InputStream in) throws Exception {
        var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) if (line.startsWith("data: ")) return line.substring(6);
        throw new AssertionError("event stream ended without data");
    }

    @Test
    void refusesABadPort() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Dashboard.start(70000));
        assertTrue(e.getMessage().contains("70000"));
    }
}
