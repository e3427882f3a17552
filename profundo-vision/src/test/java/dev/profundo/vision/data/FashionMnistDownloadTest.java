package dev.profundo.vision.data;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The download path against a loopback HTTP server: never the network. */
class FashionMnistDownloadTest {
    @TempDir Path tmp;
    private HttpServer server;
    private final Map<String, byte[]> files = new HashMap<>();
    private final Map<String, String> md5 = new HashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void serveAFakeDataset() throws Exception {
        files.put("train-images-idx3-ubyte.gz", IdxTest.gzip(IdxTest.images(12, 28, 28)));
        files.put("train-labels-idx1-ubyte.gz", IdxTest.gzip(IdxTest.labels(12, 10)));
        files.put("t10k-images-idx3-ubyte.gz", IdxTest.gzip(IdxTest.images(4, 28, 28)));
        files.put("t10k-labels-idx1-ubyte.gz", IdxTest.gzip(IdxTest.labels(4, 10)));
        for (var e : files.entrySet())
            md5.put(e.getKey(), HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(e.getValue())));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            byte[] body = files.get(ex.getRequestURI().getPath().substring(1));
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private PrintStream progress() {
        return new PrintStream(log, true);
    }

    private static boolean leftovers(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".part"));
        }
    }

    @Test
    void downloadsTheMissingDatasetChecksItAndLoadsIt() throws IOException {
        Path target = tmp.resolve("fm");
        TrainTest tt = FashionMnist.load(List.of(tmp.resolve("nowhere"), target), target, true, base(), md5, progress());
        assertEquals(12, tt.train().size());
        assertEquals(4, tt.test().size());
        assertEquals(4, requests.get());
        for (var e : files.entrySet()) assertArrayEquals(e.getValue(), Files.readAllBytes(target.resolve(e.getKey())));
        assertFalse(leftovers(target));
        assertTrue(log.toString().contains("fetching it") && log.toString().contains("train-images-idx3-ubyte.gz"), log.toString());
    }

    @Test
    void withDownloadsOffTheErrorSaysHowToGetTheFiles() {
        var e = assertThrows(DatasetNotFoundException.class,
                () -> FashionMnist.load(List.of(tmp), tmp, false, base(), md5, progress()));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertEquals(0, requests.get());
    }

    @Test
    void aCorruptDownloadIsDiscardedAndNamed() throws IOException {
        md5.put("t10k-images-idx3-ubyte.gz", "00000000000000000000000000000000");
        var e = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.download(tmp, base(), md5, progress()));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz") && e.getMessage().contains("checksum mismatch"),
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("t10k-images-idx3-ubyte.gz")), "the corrupt file must not be kept");
        assertFalse(leftovers(tmp));
        assertTrue(Files.exists(tmp.resolve("train-images-idx3-ubyte.gz")), "good files fetched before stay");
    }

    @Test
    void filesAlreadyThereAreNeitherFetchedNorTouched() throws IOException {
        byte[] mine = "the user's own bytes".getBytes();
        Files.write(tmp.resolve("train-labels-idx1-ubyte.gz"), mine);
        FashionMnist.download(tmp, base(), md5, progress());
        assertEquals(3, requests.get());
        assertArrayEquals(mine, Files.readAllBytes(tmp.resolve("train-labels-idx1-ubyte.gz")));
    }

    @Test
    void httpErrorsAndUnreachableServersGiveOneClearMessage() throws IOException {
        files.remove("train-images-idx3-ubyte.gz");
        var e404 = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.download(tmp, base(), md5, progress()));
        assertTrue(e404.getMessage().contains("HTTP status 404"), e404.getMessage());
        int closed;
        try (var s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + closed + "/");
        var e = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.download(tmp, dead, md5, progress()));
        assertTrue(e.getMessage().contains("downloading train-images-idx3-ubyte.gz failed")
                && e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertFalse(leftovers(tmp));
    }

    @Test
    void theOfficialChecksumsCoverEveryFile() {
        assertEquals(4, FashionMnist.OFFICIAL_MD5.size());
        assertTrue(FashionMnist.downloadUrl().toString().endsWith("/"));
    }
}
