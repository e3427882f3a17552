package dev.profundo.vision.viz;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Creating, writing and embedding images: a white antialiased canvas, PNG files and data URIs. */
public final class Png {
    /** The font family used by every plot. */
    static final String FONT = Font.SANS_SERIF;

    private Png() {}

    /** A white RGB image with antialiased text and shapes, and its graphics context (caller disposes). */
    public static Graphics2D canvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(font(13, false));
        return g;
    }

    /** A new white RGB image of the given size. */
    public static BufferedImage blank(int width, int height) {
        if (width < 1 || height < 1 || (long) width * height > 100_000_000L)
            throw new IllegalArgumentException("Png.blank: image size " + width + "x" + height + " must be positive and at most 100 megapixels");
        return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    }

    /** The plot font at a pixel size. */
    static Font font(int size, boolean bold) {
        return new Font(FONT, bold ? Font.BOLD : Font.PLAIN, size);
    }

    /** Writes the image as a PNG file, creating parent folders. */
    public static Path write(BufferedImage image, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (!ImageIO.write(image, "png", file.toFile()))
                throw new IllegalStateException("Png.write: no PNG writer available in this JDK");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The image encoded as PNG bytes. */
    public static byte[] bytes(BufferedImage image) {
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);  // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /** The image as a {@code data:image/png;base64,…} URI, to embed in a self-contained HTML page. */
    public static String dataUri(BufferedImage image) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes(image));
    }
}
