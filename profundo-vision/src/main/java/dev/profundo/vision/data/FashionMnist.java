package dev.profundo.vision.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fashion-MNIST (Zalando Research, MIT licence): 60,000 training and 10,000 test images of 28x28
 * grayscale clothing, 10 classes. The four original IDX files (gzip or plain) are looked for, in
 * order, in {@code --data DIR}, {@code ~/.profundo/datasets/fashion-mnist} and the Debian location
 * {@code /usr/share/datasets/fashion-mnist} (package {@code dataset-fashion-mnist}).
 */
public final class FashionMnist {
    /** The class names, indexed by label. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** The official download address of the four files. */
    public static final String OFFICIAL_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
    /** The Debian location. */
    public static final Path SYSTEM_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    private static final String[] FILES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    /** Which part of the dataset. */
    public enum Split {
        /** The 60,000 training images. */
        TRAIN("train"),
        /** The 10,000 test images. */
        TEST("t10k");

        private final String prefix;

        Split(String prefix) { this.prefix = prefix; }
    }

    private FashionMnist() {}

    /** The user-level folder, {@code ~/.profundo/datasets/fashion-mnist}. */
    public static Path userDir() {
        return Path.of(System.getProperty("user.home"), ".profundo", "datasets", "fashion-mnist");
    }

    /** The folders searched, in order: {@code dataDir} (if given), the user folder, the Debian folder. */
    public static List<Path> searchPath(Optional<Path> dataDir) {
        List<Path> dirs = new ArrayList<>();
        dataDir.ifPresent(d -> {
            dirs.add(d);
            dirs.add(d.resolve("fashion-mnist"));
        });
        dirs.add(userDir());
        dirs.add(SYSTEM_DIR);
        return dirs;
    }

    /**
     * The first folder of {@link #searchPath} holding all four files.
     *
     * @throws DatasetNotFoundException listing the folders searched and how to get the files
     */
    public static Path locate(Optional<Path> dataDir) {
        List<Path> searched = searchPath(dataDir);
        for (Path dir : searched) if (hasAllFiles(dir)) return dir;
        throw new DatasetNotFoundException("Fashion-MNIST not found: looked in " + searched.stream().map(Path::toString)
                .reduce((a, b) -> a + ", " + b).orElse("") + ". Install it with `sudo apt-get install dataset-fashion-mnist` "
                + "(Debian/Ubuntu), or download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
                + "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz from " + OFFICIAL_URL + " into "
                + userDir() + " (or any folder passed with --data DIR).");
    }

    /** True when {@code dir} holds the four files, each gzip-compressed or plain. */
    public static boolean hasAllFiles(Path dir) {
        for (String f : FILES) if (find(dir, f).isEmpty()) return false;
        return true;
    }

    private static Optional<Path> find(Path dir, String base) {
        for (String name : new String[] {base + ".gz", base, base.replace("-idx", ".idx")}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** Loads one split from a folder holding the four files (see {@link #locate}). */
    public static ImageSet load(Path dir, Split split) {
        Path images = find(dir, split.prefix + "-images-idx3-ubyte").orElseThrow(() -> missing(dir, split, "images"));
        Path labels = find(dir, split.prefix + "-labels-idx1-ubyte").orElseThrow(() -> missing(dir, split, "labels"));
        return IdxImages.load(images, labels, CLASSES, "fashion-mnist/" + split.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Finds the dataset and loads both splits. */
    public static TrainTest load(Optional<Path> dataDir) {
        Path dir = locate(dataDir);
        return new TrainTest(load(dir, Split.TRAIN), load(dir, Split.TEST));
    }

    private static DatasetNotFoundException missing(Path dir, Split split, String part) {
        return new DatasetNotFoundException("Fashion-MNIST: " + dir + " has no " + split.prefix + "-" + part
                + "-idx*-ubyte(.gz) file; see `profundo info` for where datasets are looked for");
    }
}
