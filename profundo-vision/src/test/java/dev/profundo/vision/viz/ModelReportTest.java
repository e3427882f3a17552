package dev.profundo.vision.viz;

import dev.profundo.tensor.Tensor;
import dev.profundo.vision.data.Digits;
import dev.profundo.vision.models.InputSpec;
import dev.profundo.vision.models.LoadedModel;
import dev.profundo.vision.models.ModelCard;
import dev.profundo.vision.models.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelReportTest {
    @TempDir
    Path dir;

    @Test
    void writesEveryFigureAndOneSelfContainedPage() throws Exception {
        Tensor.manualSeed(11);
        var model = Models.create("cnn", InputSpec.DIGITS);
        Tensor.manualSeed(12);
        var init = Models.create("cnn", InputSpec.DIGITS);
        var test = Digits.split().test().head(120);
        var card = new ModelCard("cnn", InputSpec.DIGITS, Digits.CLASSES, test.mean(), test.std(), "digits", true, Map.of());
        Path metrics = dir.resolve("metrics.jsonl");
        Files.writeString(metrics, """
                {"epoch":1,"train_loss":1.2,"train_accuracy":0.6,"test_loss":0.9,"test_accuracy":0.7,"lr":0.001,"images_per_second":900}
                {"epoch":2,"train_loss":0.5,"train_accuracy":0.85,"test_loss":0.4,"test_accuracy":0.88,"lr":0.001,"images_per_second":950}
                """);
        var r = ModelReport.write(new ModelReport.Request(new LoadedModel(model.eval(), card), init, test, List.of(), metrics,
                dir.resolve("out"), null));
        List<String> names = r.images().stream().map(p -> p.getFileName().toString()).toList();
        for (String want : List.of("training-curves.png", "filters.png", "filters-init.png", "osi-histogram.png", "tuning-curves.png",
                "top-patches-layer3.png", "activations-0.png", "activations-3.png", "attribution.png", "confusion.png",
                "per-class-accuracy.png", "confidently-wrong.png", "pca.png", "osi-histogram-layer5.png"))
            assertTrue(names.contains(want), want + " missing from " + names);
        String html = Files.readString(r.html());
        assertTrue(html.contains("Edge-detector check") && html.contains("orientation-selective"), "OSI section");
        assertTrue(!html.contains("src=\"http") && !html.contains("href=\"http"), "no external assets");
        int embedded = html.split("data:image/png;base64,", -1).length - 1;
        assertEquals(r.images().size() + 1, embedded, "every PNG embedded, plus the enlarged input image");
        @SuppressWarnings("unchecked")
        var osi = (Map<String, Object>) r.summary().get("osi");
        assertEquals(32, ((Map<?, ?>) osi.get("trained")).get("filters"));
        assertEquals(200, ((Map<?, ?>) osi.get("random_baseline")).get("draws"));
        assertTrue(String.valueOf(osi.get("statement")).contains("Random kernels of the same shape"), String.valueOf(osi.get("statement")));
        assertTrue(r.summary().containsKey("accuracy") && r.summary().containsKey("receptive_fields"));
        // The deeper check reads the second convolution after its ReLU and max pool (layer 5 of the CNN).
        @SuppressWarnings("unchecked")
        var deeper = (Map<String, Object>) r.summary().get("osi_deeper");
        assertEquals(5, deeper.get("layer"));
        assertEquals(64, ((Map<?, ?>) deeper.get("trained")).get("filters"));
        assertEquals(64, ((Map<?, ?>) deeper.get("init")).get("filters"));
        assertTrue(html.contains("Edge-detector check, one layer deeper"), "deeper OSI section");
        assertTrue(String.valueOf(deeper.get("statement")).startsWith("Layer 5 (MaxPool2d"), String.valueOf(deeper.get("statement")));
    }
}
