package dev.profundo.vision.viz;

import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageWritersTest {
    @TempDir
    Path dir;

    private BufferedImage roundTrip(BufferedImage img, String name) throws Exception {
        Path f = Png.write(img, dir.resolve("sub").resolve(name));
        assertTrue(Files.size(f) > 500, name + " is " + Files.size(f) + " bytes");
        return ImageIO.read(f.toFile());
    }

    @Test
    void linePlotIsWrittenAtTheRequestedSize() throws Exception {
        var img = new LinePlot("Loss", "epoch", "loss").add("train", new double[] {1, 2, 3}, new double[] {0.9, 0.5, 0.4})
                .add("test", new double[] {1, 2, 3}, new double[] {0.8, Double.NaN, 0.45}).render(640, 400);
        var back = roundTrip(img, "loss.png");
        assertEquals(640, back.getWidth());
        assertEquals(400, back.getHeight());
    }

    @Test
    void filterGridOf32KernelsHasTheLaidOutSize() throws Exception {
        Tensor.manualSeed(1);
        var img = Figures.filters(Tensor.randn(32, 1, 3, 3), "filters", null, 8);
        var back = roundTrip(img, "filters.png");
        // 8 columns of 48 px + 7 gaps of 6 + margins 24 + colour bar 102; 4 rows of (48 + 16 caption) + 3 gaps + header 52 + 16
        assertEquals(552, back.getWidth());
        assertEquals(342, back.getHeight());
    }

    @Test
    void filterTilesMapZeroToWhiteAndTheLargestWeightToRed() {
        float[] k = {0, 0, 0, 0, 2, 0, 0, 0, -1};
        var tile = Raster.map(k, 0, 3, 3, Colormap.DIVERGING, -2, 2);
        assertEquals(0xF7F7F7, tile.getRGB(0, 0) & 0xFFFFFF, "zero is the white midpoint");
        assertEquals(0xB2182B, tile.getRGB(1, 1) & 0xFFFFFF, "+max is the red end");
    }

    @Test
    void confusionMatrixDarkensTheDiagonalOfAPerfectClassifier() throws Exception {
        long[][] m = {{5, 0}, {0, 7}};
        var img = Heatmap.render("Confusion", "true", "predicted", List.of("a", "b"), List.of("a", "b"), m, Heatmap.rowRates(m),
                "share", Colormap.BLUES);
        var back = roundTrip(img, "confusion.png");
        assertTrue(back.getWidth() > 150 && back.getHeight() > 150);
        assertEquals(0x08306B, Colormap.BLUES.rgb(1.0));
        assertThrows(IllegalArgumentException.class, () -> Heatmap.render("x", "t", "p", List.of("a"), List.of("a", "b"), m,
                Heatmap.rowRates(m), "", Colormap.BLUES));
    }

    @Test
    void barAndScatterChartsRender() throws Exception {
        var bars = new BarChart("OSI", "band", "filters", List.of("low", "high")).add("trained", new double[] {3, 29})
                .add("init", new double[] {20, 12}).valueLabels("%.0f").render(500, 300);
        assertEquals(500, roundTrip(bars, "bars.png").getWidth());
        var scatter = new ScatterPlot("PCA", "pc1", "pc2").render(new double[] {0, 1, 2}, new double[] {1, 0, 2}, new int[] {0, 1, 1},
                List.of("zero", "one"), 420, 300);
        assertEquals(300, roundTrip(scatter, "scatter.png").getHeight());
    }

    @Test
    void htmlReportIsSelfContained() {
        var page = new HtmlReport("A <report>").section("s", "Section").paragraph("x < y & z")
                .image(new LinePlot("t", "x", "y").render(200, 120), "plot", "caption").toHtml();
        assertTrue(page.contains("src=\"data:image/png;base64,"), "image embedded");
        assertTrue(page.contains("A &lt;report&gt;") && page.contains("x &lt; y &amp; z"), "text escaped");
        assertTrue(!page.contains("http://") && !page.contains("https://"), "no external references");
    }

    @Test
    void tickLabelsUseTheDecimalsTheStepNeeds() {
        var s = Ticks.nice(0.0, 1.0, 5);
        assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), s.values());
        assertEquals("0.4", s.label(0.4));
        assertEquals(List.of(1.0, 2.0, 3.0), Ticks.nice(1, 3, 6, true).values());
    }
}
