package dev.profundo.cli;

import dev.profundo.io.Json;
import dev.profundo.io.Safetensors;
import dev.profundo.tensor.Tensor;
import dev.profundo.vision.data.Digits;
import dev.profundo.vision.data.ImageSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trains on the built-in digits through the CLI, then evaluates and predicts with the saved model. */
class EndToEndTest {
    @TempDir static Path dir;
    static Path run;
    static Map<?, ?> trainJson;

    @BeforeAll
    static void trainOnce() throws IOException {
        run = dir.resolve("run");
        var r = MainTest.run("train", "--epochs", "2", "--out", run.toString(), "--json", dir.resolve("train.json").toString());
        assertEquals(0, r.code(), r.err());
        trainJson = (Map<?, ?>) Json.parse(Files.readString(dir.resolve("train.json")));
    }

    /** A digits test image drawn as a user would: black ink on a white 200x200 canvas with a margin. */
    static Path drawnDigit(int index) throws IOException {
        ImageSet test = Digits.split().test();
        float[] px = test.pixels(index);
        var img = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 200; y++)
            for (int x = 0; x < 200; x++) {
                int sy = (y - 20) / 20, sx = (x - 20) / 20;
                float v = y >= 20 && x >= 20 && sy < 8 && sx < 8 ? px[sy * 8 + sx] : 0;
                int g = Math.round(255 * (1 - v));
                img.setRGB(x, y, (g << 16) | (g << 8) | g);
            }
        Path f = dir.resolve("digit-" + index + "-is-" + test.label(index) + ".png");
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    @Test
    void trainingWritesTheRunFolderAndTheJsonFigures() {
        for (String f : List.of("model.safetensors", "last.safetensors", "metrics.jsonl", "config.json"))
            assertTrue(Files.exists(run.resolve(f)), f);
        for (String k : List.of("dataset", "model", "epochs", "test_accuracy", "test_loss", "train_seconds",
                "train_images_per_second", "parameters", "seed"))
            assertTrue(trainJson.containsKey(k), "missing " + k + " in " + trainJson);
        assertEquals("digits", trainJson.get("dataset"));
        assertEquals("cnn", trainJson.get("model"));
        assertEquals(2L, trainJson.get("epochs"));
        assertEquals(53_002L, trainJson.get("parameters"));
        assertEquals(42L, trainJson.get("seed"));
        double acc = ((Number) trainJson.get("test_accuracy")).doubleValue();
        assertTrue(acc > 0.80, "two epochs on digits should pass 80 %, got " + acc);
    }

    @Test
    void evalReproducesTheTrainingAccuracyAndWritesTheConfusionMatrix() throws IOException {
        Path json = dir.resolve("eval.json");
        var r = MainTest.run("eval", run.resolve("model.safetensors").toString(), "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("confusion matrix"), r.out());
        var j = (Map<?, ?>) Json.parse(Files.readString(json));
        assertEquals(360L, j.get("samples"));
        assertEquals(((Number) trainJson.get("test_accuracy")).doubleValue(), ((Number) j.get("accuracy")).doubleValue(), 1e-9);
        long total = 0;
        for (Object row : (List<?>) j.get("confusion")) for (Object v : (List<?>) row) total += (Long) v;
        assertEquals(360, total);
        assertEquals(10, ((Map<?, ?>) j.get("per_class_accuracy")).size());
    }

    @Test
    void predictReadsADrawnPngAndGivesTheTopThreeClasses() throws IOException {
        Path png = drawnDigit(0);
        Path json = dir.resolve("predict.json");
        var r = MainTest.run("predict", run.resolve("model.safetensors").toString(), png.toString(), "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith(png + ": "), r.out());
        var j = (Map<?, ?>) Json.parse(Files.readString(json));
        var preds = (List<?>) ((Map<?, ?>) ((List<?>) j.get("results")).getFirst()).get("predictions");
        assertEquals(3, preds.size());
        double sum = 0, prev = 1;
        for (Object p : preds) {
            double prob = ((Number) ((Map<?, ?>) p).get("probability")).doubleValue();
            assertTrue(prob <= prev, "sorted by probability");
            prev = prob;
            sum += prob;
        }
        assertTrue(sum <= 1.0 + 1e-6);
        String expected = Integer.toString(Digits.split().test().label(0));
        assertEquals(expected, ((Map<?, ?>) preds.getFirst()).get("class"), "the drawn digit " + expected + " is recognised");
    }

    @Test
    void aCorruptImageIsOneLineAndExit1() throws IOException {
        Path bad = dir.resolve("broken.png");
        Files.write(bad, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13});
        var r = MainTest.run("predict", run.resolve("model.safetensors").toString(), bad.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("profundo: " + bad), r.err());
        assertEquals(2, r.err().lines().count(), "one message line plus the --verbose hint: " + r.err());
    }

    @Test
    void aModelUsedOnImagesOfAnotherShapeIsAClearError() throws IOException {
        // A 2-image folder of 5x5 PNGs with two classes: not what an 8x8 digits model reads.
        for (String c : List.of("a", "b")) {
            Path f = dir.resolve("folder/" + c + "/1.png");
            Files.createDirectories(f.getParent());
            ImageIO.write(new BufferedImage(5, 5, BufferedImage.TYPE_INT_RGB), "png", f.toFile());
        }
        var r = MainTest.run("eval", run.resolve("model.safetensors").toString(), "--dataset", "folder",
                "--data", dir.resolve("folder").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("expects 1x8x8 images"), r.err());
    }

    @Test
    void trainingRefusesToOverwriteAnExistingRun() {
        var r = MainTest.run("train", "--epochs", "1", "--out", run.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("already holds a run"), r.err());
    }

    @Test
    void aResumedAugmentedRunEndsBitIdenticalToAnUninterruptedOne() {
        Path whole = dir.resolve("whole"), parts = dir.resolve("parts");
        assertEquals(0, MainTest.run("train", "--epochs", "2", "--augment", "--limit", "400", "--seed", "5",
                "--out", whole.toString()).code());
        assertEquals(0, MainTest.run("train", "--epochs", "1", "--augment", "--limit", "400", "--seed", "5",
                "--out", parts.toString()).code());
        var r = MainTest.run("train", "--resume", parts.resolve("last.safetensors").toString(), "--epochs", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Resuming after epoch 1"), r.out());
        Map<String, Tensor> a = Safetensors.load(whole.resolve("last.safetensors"));
        Map<String, Tensor> b = Safetensors.load(parts.resolve("last.safetensors"));
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            if (!k.startsWith("model.")) continue;
            assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), k);
        }
    }

    @Test
    void labelSmoothingIsReportedAndKeptWhenARunIsResumed() throws IOException {
        Path run = dir.resolve("smoothed"), json = dir.resolve("smoothed.json");
        var r = MainTest.run("train", "--epochs", "1", "--limit", "300", "--label-smoothing", "0.1",
                "--out", run.toString(), "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("label smoothing 0.1"), r.out());
        assertEquals(0.1, ((Number) ((Map<?, ?>) Json.parse(Files.readString(json))).get("label_smoothing")).doubleValue());
        var resumed = MainTest.run("train", "--resume", run.resolve("last.safetensors").toString(), "--epochs", "2");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("label smoothing 0.1"), resumed.out());
    }

    @Test
    void weightDecayDefaultsPerOptimizerIsReportedAndKeptWhenARunIsResumed() throws IOException {
        Path json = dir.resolve("decay.json");
        for (var expected : Map.of("adam", 0.0, "adamw", 0.05, "sgd", 5e-4).entrySet()) {
            var r = MainTest.run("train", "--epochs", "1", "--limit", "120", "--optimizer", expected.getKey(),
                    "--out", dir.resolve("decay-" + expected.getKey()).toString(), "--json", json.toString());
            assertEquals(0, r.code(), r.err());
            assertEquals(expected.getValue(),
                    ((Number) ((Map<?, ?>) Json.parse(Files.readString(json))).get("weight_decay")).doubleValue(), expected.getKey());
        }
        Path run = dir.resolve("decayed");
        var r = MainTest.run("train", "--epochs", "1", "--limit", "120", "--optimizer", "adamw", "--weight-decay", "0.5",
                "--out", run.toString(), "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("adamw lr 0.001, weight decay 0.5,"), r.out());
        assertEquals(0.5, ((Number) ((Map<?, ?>) Json.parse(Files.readString(json))).get("weight_decay")).doubleValue());
        var resumed = MainTest.run("train", "--resume", run.resolve("last.safetensors").toString(), "--epochs", "2",
                "--schedule", "none", "--json", json.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("weight decay 0.5,"), resumed.out());
    }

    @Test
    void strongerWeightDecayLeavesSmallerWeights() throws IOException {
        double[] norms = new double[2];
        String[] decays = {"0", "20"};
        for (int i = 0; i < 2; i++) {
            Path run = dir.resolve("wd-" + decays[i]);
            var r = MainTest.run("train", "--epochs", "2", "--limit", "256", "--optimizer", "adamw", "--weight-decay", decays[i],
                    "--out", run.toString());
            assertEquals(0, r.code(), r.err());
            for (var e : Safetensors.load(run.resolve("model.safetensors")).entrySet()) {
                if (!e.getKey().endsWith("weight")) continue;
                for (float v : e.getValue().toFloatArray()) norms[i] += (double) v * v;
            }
        }
        // 16 steps at lr 1e-3 with decay 20 shrink every weight by about 1 - 16 * 0.02 (cosine schedule: less), the
        // same seed giving the same start: the decayed run must end clearly smaller.
        assertTrue(norms[1] < 0.9 * norms[0], "squared weight norms " + norms[0] + " (no decay) vs " + norms[1] + " (decay 20)");
    }

    @Test
    void cropIsReportedAndKeptWhenARunIsResumed() throws IOException {
        Path run = dir.resolve("cropped"), json = dir.resolve("cropped.json");
        var r = MainTest.run("train", "--epochs", "1", "--limit", "300", "--crop", "--out", run.toString(), "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(", cropped,"), r.out());
        assertEquals(Boolean.TRUE, ((Map<?, ?>) Json.parse(Files.readString(json))).get("crop"));
        var resumed = MainTest.run("train", "--resume", run.resolve("last.safetensors").toString(), "--epochs", "2");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains(", cropped,"), resumed.out());
    }

    @Test
    void theResnetCropsByDefaultUnlessToldOtherwise() throws IOException {
        // Small digits runs: only the settings matter here.
        Path json = dir.resolve("resnet.json");
        var r = MainTest.run("train", "--model", "resnet", "--epochs", "1", "--limit", "120", "--out", dir.resolve("rn").toString(),
                "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(", cropped,"), r.out());
        assertEquals(Boolean.TRUE, ((Map<?, ?>) Json.parse(Files.readString(json))).get("crop"));

        // (no schedule: a one-cycle or cosine schedule cannot be stretched to more epochs on resume)
        var off = MainTest.run("train", "--model", "resnet", "--epochs", "1", "--limit", "120", "--no-crop", "--schedule", "none", "--out",
                dir.resolve("rn-off").toString(), "--json", json.toString());
        assertEquals(0, off.code(), off.err());
        assertEquals(Boolean.FALSE, ((Map<?, ?>) Json.parse(Files.readString(json))).get("crop"));
        // Resuming keeps the run's own setting, not today's default.
        var resumed = MainTest.run("train", "--resume", dir.resolve("rn-off").resolve("last.safetensors").toString(), "--epochs", "2",
                "--json", json.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(Boolean.FALSE, ((Map<?, ?>) Json.parse(Files.readString(json))).get("crop"));

        // --augment replaces the default shifts rather than clashing with them.
        var augmented = MainTest.run("train", "--model", "resnet", "--epochs", "1", "--limit", "120", "--augment", "--out",
                dir.resolve("rn-aug").toString());
        assertEquals(0, augmented.code(), augmented.err());
        assertTrue(augmented.out().contains(", augmented,"), augmented.out());
    }

    @Test
    void aResnetRunRecordsItsVariantAndAnOldCheckpointWithoutOneResumesAsStrided() throws IOException {
        Path run = dir.resolve("variant");
        var r = MainTest.run("train", "--model", "resnet", "--epochs", "1", "--limit", "120", "--schedule", "none", "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : List.of("model.safetensors", "last.safetensors"))
            assertEquals("pooled", Safetensors.metadata(run.resolve(f)).get("vision.option.variant"), f);

        // The same checkpoint as a file from before variants existed: its card names none, so it means the
        // strided design, whose weights these are not; resuming must say so rather than build today's default.
        var file = Safetensors.read(run.resolve("last.safetensors"));
        Map<String, String> meta = new java.util.LinkedHashMap<>(file.metadata());
        meta.remove("vision.option.variant");
        Path old = dir.resolve("old-last.safetensors");
        Safetensors.save(file.tensors(), meta, old);
        var resumed = MainTest.run("train", "--resume", old.toString(), "--epochs", "2", "--out", dir.resolve("variant-2").toString());
        assertTrue(resumed.code() != 0, resumed.out());
        assertTrue(resumed.err().contains(old.toString()) && resumed.err().contains("missing keys"), resumed.err());
        assertTrue(resumed.err().contains(" more]") && resumed.err().length() < 1000, "a long key list is cut short: " + resumed.err());
    }
}
