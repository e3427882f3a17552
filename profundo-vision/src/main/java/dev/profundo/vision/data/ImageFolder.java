package dev.profundo.vision.data;

import dev.profundo.vision.image.Images;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A dataset of image files sorted into one folder per class, as torchvision's {@code ImageFolder}:
 * {@code root/<class>/*.png|jpg|jpeg|gif|bmp}. Classes are the sub-folder names in alphabetical
 * order (label 0 is the first); every image is converted to {@code channels} and resized to one size.
 */
public final class ImageFolder {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".gif", ".bmp");

    /**
     * How images are converted.
     *
     * @param channels 1 for grayscale, 3 for RGB
     * @param height   target height, or 0 to take the first image's
     * @param width    target width, or 0 to take the first image's
     */
    public record Options(int channels, int height, int width) {
        /** Grayscale at the first image's size. */
        public static final Options GRAYSCALE = new Options(1, 0, 0);

        /** Validates the values. */
        public Options {
            if (channels != 1 && channels != 3)
                throw new IllegalArgumentException("ImageFolder: channels must be 1 (grayscale) or 3 (RGB), got " + channels);
            if (height < 0 || width < 0 || (height == 0) != (width == 0))
                throw new IllegalArgumentException("ImageFolder: size must be both positive or both 0 (take the first image's), got "
                        + height + "x" + width);
        }
    }

    private ImageFolder() {}

    /**
     * Loads every image under {@code root}.
     *
     * @throws IllegalArgumentException if the folder is missing, has no class folders, a class has
     *     no images, or an image is corrupt (the message names the file)
     */
    public static ImageSet load(Path root, Options options) {
        if (!Files.isDirectory(root)) throw new IllegalArgumentException(root + ": not a folder (expected root/<class>/<image files>)");
        List<Path> classDirs = list(root).stream().filter(Files::isDirectory).sorted().toList();
        if (classDirs.isEmpty())
            throw new IllegalArgumentException(root + ": no class folders; expected root/<class>/<image files>");
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        for (Path dir : classDirs) {
            List<Path> images = list(dir).stream().filter(ImageFolder::isImage).sorted().toList();
            if (images.isEmpty())
                throw new IllegalArgumentException(dir + ": class folder holds no images (" + String.join(", ", EXTENSIONS) + ")");
            for (Path f : images) {
                files.add(f);
                labels.add((long) classes.size());
            }
            classes.add(dir.getFileName().toString());
        }
        int h = options.height(), w = options.width(), c = options.channels();
        float[] pixels = null;
        long[] y = new long[files.size()];
        for (int i = 0; i < files.size(); i++) {
            BufferedImage img = Images.read(files.get(i));
            if (h == 0) {
                h = img.getHeight();
                w = img.getWidth();
            }
            if (pixels == null) pixels = new float[Math.multiplyExact(files.size(), c * h * w)];
            float[] px = Images.resize(Images.pixels(img, c), c, img.getHeight(), img.getWidth(), h, w);
            System.arraycopy(px, 0, pixels, i * c * h * w, px.length);
            y[i] = labels.get(i);
        }
        return new ImageSet(root.getFileName() == null ? root.toString() : root.getFileName().toString(),
                pixels, y, c, h, w, classes);
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
