package dev.profundo.vision.models;

import dev.profundo.io.Safetensors;
import dev.profundo.nn.Layer;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelsTest {
    @TempDir Path dir;

    private static int[] outShape(Layer m, InputSpec in) {
        m.eval();
        try (var _ = Tensor.noGrad()) {
            return m.forward(Tensor.zeros(3, in.channels(), in.height(), in.width())).shape();
        }
    }

    @Test
    void theCnnHas421642ParametersOn28x28() {
        assertEquals(421_642, Models.create("cnn", InputSpec.MNIST).parameterCount());
    }

    @Test
    void theMlpIs784To256To128To10() {
        // 784·256+256 + 256·128+128 + 128·10+10
        assertEquals(235_146, Models.create("mlp", InputSpec.MNIST).parameterCount());
    }

    @Test
    void theCnnAdaptsItsFlattenTo8x8Digits() {
        // conv 320 + conv 18,496 + linear 64·2·2·128+128 + 1,290
        assertEquals(320 + 18_496 + (256 * 128 + 128) + 1_290, Models.create("cnn", InputSpec.DIGITS).parameterCount());
    }

    @Test
    void theResnetHasTheParametersOfItsDesign() {
        // stem 1→32 3x3 (288) + bn 64; conv 32→64 (18,432) + bn 128; block 64: 2·(36,864 + 128);
        // conv 64→128 (73,728) + bn 256; block 128: 2·(147,456 + 256); linear 128·10+10
        long expected = 288 + 64 + 18_432 + 128 + 2 * (36_864 + 128) + 73_728 + 256 + 2 * (147_456 + 256) + 1290;
        assertEquals(463_594, expected);
        assertEquals(expected, Models.create("resnet", InputSpec.MNIST).parameterCount());
        assertEquals(expected, Models.create("resnet", InputSpec.MNIST, Map.of("variant", "pooled")).parameterCount());
        assertEquals(expected + 32 * 16, Models.create("resnet", InputSpec.MNIST, Map.of("stem", "5")).parameterCount(),
                "a 5x5 stem has 32 x 16 more weights");
        assertThrows(IllegalArgumentException.class, () -> Models.create("resnet", InputSpec.MNIST, Map.of("stem", "4")));
    }

    @Test
    void theStridedResnetKeepsItsEarlierDesign() {
        // stem 1→16 5x5 (400) + bn 32; block 16→16: 2·(2304 + 32);
        // block 16→64 /2: 9216 + 128 + 36864 + 128 + shortcut 1024 + 128;
        // block 64→128 /2: 73728 + 256 + 147456 + 256 + shortcut 8192 + 256; linear 128·10+10
        long expected = 400 + 32 + 2 * (2304 + 32) + (9216 + 128 + 36864 + 128 + 1024 + 128)
                + (73728 + 256 + 147456 + 256 + 8192 + 256) + 1290;
        assertEquals(expected, Models.create("resnet", InputSpec.MNIST, Map.of("variant", "strided")).parameterCount(),
                "the strided design keeps its 5x5 stem by default");
        assertEquals(expected - 16 * 16, Models.create("resnet", InputSpec.MNIST, Map.of("variant", "strided", "stem", "3"))
                .parameterCount());
        var e = assertThrows(IllegalArgumentException.class,
                () -> Models.create("resnet", InputSpec.MNIST, Map.of("variant", "dense")));
        assertTrue(e.getMessage().contains("pooled or strided"), e.getMessage());
    }

    @Test
    void aResnetCardNamesItsVariantAndAnOldCardWithoutOneMeansStrided() {
        assertEquals(Map.of("variant", "pooled", "widths", "32,64,128", "blocks", "1", "stem", "3"),
                Models.cardOptions("resnet", Map.of()), "a new card names every option, so later defaults cannot change it");
        assertEquals(Map.of("variant", "strided", "widths", "16,64,128", "blocks", "1", "stem", "5"),
                Models.cardOptions("resnet", Map.of("variant", "strided")));
        assertEquals("7", Models.cardOptions("resnet", Map.of("stem", "7")).get("stem"), "given options are kept");
        assertTrue(Models.cardOptions("cnn", Map.of()).isEmpty());
        assertEquals("strided", ModelCard.fromMetadata(card("resnet").toMetadata(), "old.safetensors").options().get("variant"),
                "files written before the pooled default carry no variant");
        assertTrue(ModelCard.fromMetadata(card("cnn").toMetadata(), "f").options().isEmpty());
    }

    @Test
    void everyModelMapsAnImageBatchToOneLogitPerClass() {
        for (String name : Models.NAMES)
            for (InputSpec in : List.of(InputSpec.MNIST, InputSpec.DIGITS, new InputSpec(3, 12, 16, 4)))
                assertArrayEquals(new int[] {3, in.numClasses()}, outShape(Models.create(name, in), in), name + " on " + in);
    }

    @Test
    void resnetOptionsChangeWidthAndDepth() {
        long base = Models.create("resnet", InputSpec.MNIST).parameterCount();
        long wide = Models.create("resnet", InputSpec.MNIST, Map.of("widths", "32,128,256")).parameterCount();
        long deep = Models.create("resnet", InputSpec.MNIST, Map.of("blocks", "2")).parameterCount();
        assertTrue(wide > 3 * base, base + " " + wide);
        assertEquals(base + 2 * (36_864 + 128) + 2 * (147_456 + 256), deep, "one more residual block of 64 and of 128");
        long strided = Models.create("resnet", InputSpec.MNIST, Map.of("variant", "strided")).parameterCount();
        long stridedWide = Models.create("resnet", InputSpec.MNIST, Map.of("variant", "strided", "widths", "32,128,256")).parameterCount();
        assertTrue(stridedWide > 3 * strided, strided + " " + stridedWide);
    }

    @Test
    void anUnknownNameListsTheChoices() {
        var e = assertThrows(IllegalArgumentException.class, () -> Models.create("vgg", InputSpec.MNIST));
        assertTrue(e.getMessage().contains("mlp, cnn, resnet"), e.getMessage());
    }

    private static ModelCard card(String model) {
        return card(model, Map.of());
    }

    private static ModelCard card(String model, Map<String, String> options) {
        return new ModelCard(model, InputSpec.DIGITS, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                new float[] {0.3f}, new float[] {0.4f}, "digits", true, options);
    }

    @Test
    void aCardSurvivesTheCheckpointHeader() {
        ModelCard c = card("cnn");
        ModelCard back = ModelCard.fromMetadata(c.toMetadata(), "f");
        assertEquals(c.model(), back.model());
        assertEquals(c.input(), back.input());
        assertEquals(c.classes(), back.classes());
        assertArrayEquals(c.mean(), back.mean());
        assertEquals(c.darkBackground(), back.darkBackground());
    }

    @Test
    void aSavedModelIsRebuiltFromItsFileAloneWithIdenticalOutputs() {
        for (String variant : List.of("pooled", "strided")) {
            Tensor.manualSeed(3);
            Map<String, String> options = Models.cardOptions("resnet", Map.of("variant", variant));
            Layer m = Models.create("resnet", InputSpec.DIGITS, options);
            m.eval();
            Path f = dir.resolve(variant + ".safetensors");
            // A strided file as written before variants existed: no variant in its card.
            Safetensors.save(m.stateDict(), card("resnet", variant.equals("strided") ? Map.of() : options).toMetadata(), f);
            LoadedModel back = Models.load(f);
            Tensor x = Tensor.randn(2, 1, 8, 8);
            try (var _ = Tensor.noGrad()) {
                assertArrayEquals(m.forward(x).toFloatArray(), back.model().forward(x).toFloatArray(), variant);
            }
            assertTrue(!back.model().isTraining(), "a loaded model is in eval mode");
        }
    }

    @Test
    void aFileWithoutACardIsRejectedWithAHint() {
        Path f = dir.resolve("plain.safetensors");
        Safetensors.save(Models.create("mlp", InputSpec.DIGITS).stateDict(), f);
        var e = assertThrows(IllegalArgumentException.class, () -> Models.load(f));
        assertTrue(e.getMessage().contains("not a Profundo vision model"), e.getMessage());
    }

    @Test
    void weightsOfAnotherArchitectureAreRejectedNamingTheFile() {
        Path f = dir.resolve("mixed.safetensors");
        Safetensors.save(Models.create("mlp", InputSpec.DIGITS).stateDict(), card("cnn").toMetadata(), f);
        var e = assertThrows(IllegalArgumentException.class, () -> Models.load(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("missing keys"), e.getMessage());
    }

    @Test
    void aTruncatedFileIsRejectedNamingIt() throws IOException {
        Path f = dir.resolve("t.safetensors");
        Safetensors.save(Models.create("mlp", InputSpec.DIGITS).stateDict(), card("mlp").toMetadata(), f);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 100));
        var e = assertThrows(IllegalArgumentException.class, () -> Models.load(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }
}
