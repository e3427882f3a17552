package dev.profundo.vision.dashboard;

import dev.profundo.data.DataLoader;
import dev.profundo.optim.Adam;
import dev.profundo.tensor.Tensor;
import dev.profundo.train.Callback;
import dev.profundo.train.Trainer;
import dev.profundo.vision.data.Digits;
import dev.profundo.vision.models.InputSpec;
import dev.profundo.vision.models.Models;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads the dashboard in a real headless Chromium while a short training runs, and checks that the
 * page shows the curves and updates live. Skipped when no browser is installed. The screenshot is
 * kept as target/dashboard-screenshot.png.
 */
class DashboardBrowserTest {

    @Test
    void pageLoadsShowsCurvesAndUpdatesWhileTraining() throws Exception {
        var exe = HeadlessChromium.find();
        Assumptions.assumeTrue(exe.isPresent(), "no Chromium or Chrome on the PATH (apt-get install chromium): skipping the browser test");
        Tensor.manualSeed(3);
        var data = Digits.split();
        var model = Models.create("cnn", InputSpec.DIGITS);
        var loader = new DataLoader(data.train().head(640), 32, true);  // 20 batches per epoch
        var testLoader = new DataLoader(data.test(), 180, false);
        Callback slow = new Callback() {
            @Override public void onBatchEnd(int epoch, int batch, int batches, double loss) {
                sleep(40);  // stretch the run to a few seconds so the page can be watched mid-training
            }
        };
        try (var dash = Dashboard.start(0).expectEpochs(3);
             var chrome = HeadlessChromium.launch(exe.get(), dash.uri())) {
            waitFor(chrome, "document.getElementById('status').textContent === 'waiting' && document.body.dataset.updates !== undefined", 20_000);
            var trainer = Trainer.builder(model, new Adam(model.parameters(), 1e-3)).epochs(3).callback(dash).callback(slow).build();
            var run = CompletableFuture.runAsync(() -> trainer.fit(loader, testLoader));
            Set<Integer> pointCountsWhileTraining = new TreeSet<>();
            Set<String> epochsSeen = new TreeSet<>();
            while (!run.isDone()) {
                if ("training".equals(chrome.eval("document.getElementById('status').textContent"))) {
                    pointCountsWhileTraining.add(Integer.parseInt((String) chrome.eval("document.getElementById('lossChart').dataset.points || '0'")));
                    epochsSeen.add((String) chrome.eval("document.getElementById('epoch').textContent"));
                }
                sleep(150);
            }
            run.join();
            waitFor(chrome, "document.getElementById('status').textContent === 'finished'", 10_000);

            assertTrue(pointCountsWhileTraining.size() >= 3,
                    "the loss chart should grow while training runs, saw point counts " + pointCountsWhileTraining);
            assertTrue(epochsSeen.size() >= 2, "the epoch counter should advance live, saw " + epochsSeen);
            assertEquals("60", chrome.eval("document.getElementById('lossChart').dataset.points"), "3 epochs x 20 batches of loss");
            assertEquals("3", chrome.eval("document.getElementById('accChart').dataset.points"), "one accuracy point per epoch");
            assertEquals("3 / 3", chrome.eval("document.getElementById('epoch').textContent"));
            String acc = (String) chrome.eval("document.getElementById('acc').textContent");
            assertTrue(acc.endsWith("%"), "latest test accuracy shown, got '" + acc + "'");
            waitFor(chrome, "document.getElementById('filters').complete && document.getElementById('filters').naturalWidth > 100", 5_000);
            Object painted = chrome.eval("(() => { const c = document.getElementById('lossChart'); const d = c.getContext('2d')"
                    + ".getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()");
            assertTrue(((Number) painted).intValue() > 2000, "the loss chart has drawn pixels, got " + painted);

            byte[] png = chrome.screenshot();
            Path shot = Path.of("target", "dashboard-screenshot.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, png);
            assertTrue(png.length > 10_000, "screenshot of " + png.length + " bytes");
        }
    }

    private static void waitFor(HeadlessChromium chrome, String condition, long millis) {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (Boolean.TRUE.equals(chrome.eval("(() => { try { return !!(" + condition + "); } catch (e) { return false; } })()"))) return;
            sleep(100);
        }
        throw new AssertionError("timed out after " + millis + " ms waiting for: " + condition);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
