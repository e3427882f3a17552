package dev.profundo.vision.dashboard;

import dev.profundo.io.Json;
import dev.profundo.train.EpochStats;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live figures of a training run as the dashboard shows them, shared between the training
 * thread (writer) and the HTTP threads (readers). Every change bumps a version number that
 * server-sent-event streams wait on.
 */
final class DashboardState {
    /** Batch-loss points kept; beyond this every other point is dropped, so long runs stay light. */
    static final int MAX_POINTS = 1500;

    private long version;
    private String status = "waiting";
    private int epoch, epochs, batch, batches;
    private long samples;
    private final long startNanos = System.nanoTime();
    private long trainStartNanos;
    private final List<double[]> losses = new ArrayList<>();  // {epoch + batch/batches, loss}
    private int thin = 1, seen;
    private final List<EpochStats> history = new ArrayList<>();
    private final ArrayDeque<long[]> window = new ArrayDeque<>();  // {nanos, samples} of recent batches
    private byte[] filtersPng;
    private int filtersVersion;
    private String model = "";

    synchronized void trainBegin(String modelDescription, int totalEpochs) {
        status = "training";
        model = modelDescription;
        if (totalEpochs > 0) epochs = totalEpochs;
        trainStartNanos = System.nanoTime();
        changed();
    }

    synchronized void expectEpochs(int total) {
        epochs = total;
        changed();
    }

    synchronized void addSamples(long n) {
        samples += n;
    }

    synchronized void batchEnd(int epoch, int batch, int batches, double loss) {
        this.epoch = epoch;
        this.batch = batch;
        this.batches = batches;
        long now = System.nanoTime();
        window.addLast(new long[] {now, samples, batch});
        while (window.size() > 2 && now - window.peekFirst()[0] > 5_000_000_000L) window.removeFirst();
        if (seen++ % thin == 0) {
            double x = batches > 0 ? epoch - 1 + batch / (double) batches : epoch - 1 + batch / 1000.0;
            losses.add(new double[] {x, loss});
            if (losses.size() > MAX_POINTS) {
                List<double[]> kept = new ArrayList<>();
                for (int i = 0; i < losses.size(); i += 2) kept.add(losses.get(i));
                losses.clear();
                losses.addAll(kept);
                thin *= 2;
            }
        }
        changed();
    }

    synchronized void epochEnd(EpochStats s) {
        history.add(s);
        epoch = s.epoch();
        epochs = s.epochs();
        changed();
    }

    synchronized void trainEnd() {
        status = "finished";
        changed();
    }

    synchronized void filters(byte[] png) {
        filtersPng = png;
        filtersVersion++;
        changed();
    }

    synchronized byte[] filtersPng() {
        return filtersPng;
    }

    synchronized long version() {
        return version;
    }

    /** Waits until the version differs from {@code seen} or the timeout passes; returns the current version. */
    synchronized long awaitChange(long seen, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (version == seen) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) break;
            wait(left);
        }
        return version;
    }

    /** Wakes every waiting stream (on shutdown). */
    synchronized void wakeAll() {
        version++;
        notifyAll();
    }

    private void changed() {
        version++;
        notifyAll();
    }

    /** The state as JSON for the page. */
    synchronized String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("status", status);
        m.put("model", model);
        m.put("epoch", epoch);
        m.put("epochs", epochs);
        m.put("batch", batch);
        m.put("batches", batches);
        m.put("samples", samples);
        double elapsed = trainStartNanos == 0 ? 0 : (System.nanoTime() - trainStartNanos) / 1e9;
        m.put("elapsed_s", elapsed);
        double rate = Double.NaN, batchRate = Double.NaN;
        if (window.size() >= 2) {
            long[] a = window.peekFirst(), b = window.peekLast();
            double dt = (b[0] - a[0]) / 1e9;
            if (dt > 0) {
                rate = (b[1] - a[1]) / dt;
                long db = b[2] - a[2];
                batchRate = db > 0 ? db / dt : Double.NaN;
            }
        }
        m.put("images_per_second", rate);
        double eta = Double.NaN;
        if (batches > 0 && epochs > 0 && batchRate > 0 && "training".equals(status)) {
            long left = (long) (batches - batch) + (long) (epochs - epoch) * batches;
            eta = left / batchRate;
        }
        m.put("eta_s", eta);
        List<List<Double>> pts = new ArrayList<>();
        for (double[] p : losses) pts.add(List.of(round(p[0]), round(p[1])));
        m.put("loss", pts);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (EpochStats s : history) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("epoch", s.epoch());
            r.put("train_loss", s.trainLoss());
            r.put("test_loss", s.testLoss());
            r.put("train_accuracy", s.trainAccuracy());
            r.put("test_accuracy", s.testAccuracy());
            r.put("lr", s.learningRate());
            r.put("images_per_second", s.samplesPerSecond());
            rows.add(r);
        }
        m.put("epochs_done", rows);
        m.put("filters_version", filtersVersion);
        m.put("uptime_s", (System.nanoTime() - startNanos) / 1e9);
        return Json.write(m);
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1e5) / 1e5 : v;
    }
}
