package dev.profundo.train;

import dev.profundo.data.DataLoader;
import dev.profundo.data.TensorDataset;
import dev.profundo.io.Json;
import dev.profundo.nn.Linear;
import dev.profundo.optim.SGD;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {

    @Test
    void fitLearnsASeparableProblemAndReportsFigures(@TempDir Path tmp) {
        var f = new TrainingFixture(3);
        FitResult r = f.trainer(6, tmp).fit(f.train, f.test);
        assertEquals(6, r.history().size());
        assertTrue(r.testAccuracy() > 0.9, "test accuracy " + r.testAccuracy());
        assertTrue(r.history().get(5).trainLoss() < r.history().get(0).trainLoss());
        assertTrue(r.imagesPerSecond() > 0);
        assertEquals(0.5 * 0.5 * 0.5 * 1e-2, r.last().learningRate(), 1e-12, "StepLR(2, 0.5) after 6 epochs");
    }

    @Test
    void metricsJsonlHasOneObjectPerEpoch(@TempDir Path tmp) throws Exception {
        var f = new TrainingFixture(3);
        f.trainer(3, tmp).fit(f.train, f.test);
        List<String> lines = Files.readAllLines(tmp.resolve("metrics.jsonl"));
        assertEquals(3, lines.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) Json.parse(lines.get(2));
        assertEquals(3L, ((Number) row.get("epoch")).longValue());
        assertTrue(row.containsKey("test_accuracy") && row.containsKey("lr") && row.containsKey("images_per_second")
                && row.containsKey("data_wait_seconds"));
    }

    @Test
    void timeWaitingForASlowLoaderIsMeasuredAndReported() throws Exception {
        Tensor.manualSeed(2);
        var model = new Linear(2, 2);
        var fast = new TensorDataset(Tensor.randn(32, 2), Tensor.of(new long[32], 32));
        dev.profundo.data.Dataset slow = new dev.profundo.data.Dataset() {   // 20 ms to produce each batch
            @Override public int size() { return fast.size(); }
            @Override public dev.profundo.data.Example get(int i) { return fast.get(i); }
            @Override public dev.profundo.data.Batch getBatch(int[] indices) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return fast.getBatch(indices);
            }
        };
        var buf = new ByteArrayOutputStream();
        var t = Trainer.builder(model, new SGD(model.parameters(), 0.1)).epochs(1)
                .progress(Progress.lines(new PrintStream(buf))).build();
        EpochStats s = t.fit(new DataLoader(slow, 8, false), null).last();
        assertTrue(s.dataWaitSeconds() >= 4 * 0.019 && s.dataWaitSeconds() <= s.seconds(),
                "4 batches of 20 ms each: waited " + s.dataWaitSeconds() + " s of " + s.seconds());
        assertTrue(buf.toString().contains("waiting for data"), buf.toString());
        var t2 = Trainer.builder(model, new SGD(model.parameters(), 0.1)).epochs(1).progress(Progress.silent()).build();
        EpochStats quick = t2.fit(new DataLoader(fast, 8, false), null).last();
        assertTrue(quick.dataWaitSeconds() < quick.seconds(), quick.toString());
    }

    @Test
    void nanLossStopsWithAMessageNamingTheStep() {
        Tensor.manualSeed(1);
        var model = new Linear(2, 2);
        var opt = new SGD(model.parameters(), 1e30);
        var data = new TensorDataset(Tensor.randn(64, 2).mul(1e20), Tensor.of(new long[64], 64));
        var trainer = Trainer.builder(model, opt).epochs(3).progress(Progress.silent()).build();
        var e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(new DataLoader(data, 8, false), null));
        assertTrue(e.getMessage().contains("epoch 1") && e.getMessage().contains("learning rate"), e.getMessage());
    }

    @Test
    void earlyStoppingEndsTheRunWhenTheMetricStalls() {
        var f = new TrainingFixture(3);
        // A zero learning rate never improves the monitored train loss after the first epoch.
        f.optimizer.setLr(0);
        var t = Trainer.builder(f.model, f.optimizer).epochs(20).earlyStopping("test_loss", 2)
                .progress(Progress.silent()).build();
        FitResult r = t.fit(f.train, f.test);
        assertTrue(r.stoppedEarly());
        assertTrue(r.history().size() <= 4, "ran " + r.history().size() + " epochs");
    }

    @Test
    void plainProgressPrintsOneLinePerEpoch() {
        var f = new TrainingFixture(3);
        var buf = new ByteArrayOutputStream();
        var t = Trainer.builder(f.model, f.optimizer).epochs(2).progress(Progress.lines(new PrintStream(buf))).build();
        t.fit(f.train, f.test);
        List<String> lines = buf.toString().lines().toList();
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).matches("epoch 2/2  loss \\d\\.\\d{4}  acc \\d\\.\\d{4} \\| test loss \\d\\.\\d{4} acc \\d\\.\\d{4} \\| [\\d,]+ img/s  \\d+\\.\\d s(  \\(\\d+\\.\\d s waiting for data\\))?"),
                lines.get(1));
    }

    @Test
    void evaluateGivesConfusionMatrixAndPerClassAccuracy() {
        var f = new TrainingFixture(3);
        f.trainer(4, null).fit(f.train, f.test);
        EvalResult e = Trainer.evaluate(f.model, f.test, 4);
        assertEquals(64, e.samples());
        long total = 0, diagonal = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) total += e.confusion()[i][j];
            diagonal += e.confusion()[i][i];
        }
        assertEquals(64, total);
        assertEquals(e.accuracy(), diagonal / 64.0, 1e-12);
        assertEquals(1.0, e.top5Accuracy(), 1e-12, "4 classes: the truth is always in the top 5");
        assertEquals(4, e.perClassAccuracy().length);
    }
}
