package dev.profundo.vision.data;

import dev.profundo.vision.image.ImageFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFolderTest {
    @TempDir Path root;

    /** Writes a w x h PNG filled with one gray level. */
    static void png(Path file, int w, int h, int gray) throws IOException {
        Files.createDirectories(file.getParent());
        var img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, (gray << 16) | (gray << 8) | gray);
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void classesAreSortedFolderNamesAndImagesAreGrayscaleInTheUnitRange() throws IOException {
        png(root.resolve("dog/a.png"), 4, 4, 255);
        png(root.resolve("dog/b.png"), 4, 4, 255);
        png(root.resolve("cat/a.png"), 4, 4, 51);
        ImageSet s = ImageFolder.load(root, ImageFolder.Options.GRAYSCALE);
        assertEquals(List.of("cat", "dog"), s.classes());
        assertEquals(3, s.size());
        assertArrayEquals(new int[] {1, 2}, s.classCounts());
        assertEquals(0, s.label(0));
        assertEquals(51 / 255f, s.pixels(0)[0], 1e-3);
        assertEquals(1f, s.pixels(2)[15], 1e-3);
    }

    @Test
    void imagesOfOtherSizesAreResizedToTheFirstImagesSize() throws IOException {
        png(root.resolve("a/1.png"), 4, 4, 0);
        png(root.resolve("a/2.png"), 16, 12, 200);
        ImageSet s = ImageFolder.load(root, ImageFolder.Options.GRAYSCALE);
        assertEquals(4, s.height());
        assertEquals(4, s.width());
        assertEquals(200 / 255f, s.pixels(1)[5], 1e-3);
    }

    @Test
    void rgbLoadingKeepsThreePlanes() throws IOException {
        Path f = root.resolve("red/1.png");
        Files.createDirectories(f.getParent());
        var img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) for (int x = 0; x < 2; x++) img.setRGB(x, y, 0xFF0000);
        ImageIO.write(img, "png", f.toFile());
        ImageSet s = ImageFolder.load(root, new ImageFolder.Options(3, 0, 0));
        assertArrayEquals(new float[] {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0}, s.pixels(0), 1e-6f);
    }

    @Test
    void aCorruptImageIsReportedByName() throws IOException {
        png(root.resolve("a/1.png"), 4, 4, 0);
        Files.writeString(root.resolve("a/2.png"), "not a png");
        var e = assertThrows(ImageFormatException.class, () -> ImageFolder.load(root, ImageFolder.Options.GRAYSCALE));
        assertTrue(e.getMessage().contains("2.png"), e.getMessage());
    }

    @Test
    void anEmptyClassFolderIsAnError() throws IOException {
        png(root.resolve("a/1.png"), 4, 4, 0);
        Files.createDirectories(root.resolve("b"));
        var e = assertThrows(IllegalArgumentException.class, () -> ImageFolder.load(root, ImageFolder.Options.GRAYSCALE));
        assertTrue(e.getMessage().contains("holds no images"), e.getMessage());
    }

    @Test
    void aMissingRootIsAnError() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ImageFolder.load(root.resolve("nope"), ImageFolder.Options.GRAYSCALE));
        assertTrue(e.getMessage().contains("not a folder"), e.getMessage());
    }
}
