package dev.profundo.vision.data;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fashion-MNIST (Zalando Research, MIT licence): 60,000 training and 10,000 test images of 28x28
 * grayscale clothing, 10 classes. The four original IDX files (gzip or plain) are looked for, in
 * order, in {@code --data DIR}, {@code ~/.profundo/datasets/fashion-mnist} and the Debian location
 * {@code /usr/share/datasets/fashion-mnist} (package {@code dataset-fashion-mnist}). When they are
 * nowhere, {@link #load(Optional, boolean, PrintStream)} can download them from the official address,
 * checking each file's published MD5.
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
    /** The MD5 of each official {@code .gz} file, as published with the dataset. */
    static final Map<String, String> OFFICIAL_MD5 = Map.of(
            "train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
            "train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe",
            "t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79",
            "t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310");

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
                .reduce((a, b) -> a + ", " + b).orElse("") + ". " + howToGet());
    }

    private static String howToGet() {
        return "Install it with `sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu), or download "
                + "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and "
                + "t10k-labels-idx1-ubyte.gz from " + OFFICIAL_URL + " into " + userDir()
                + " (or any folder passed with --data DIR).";
    }

    /**
     * Where downloads come from: the system property {@code profundo.fashionMnistUrl}, else the
     * environment variable {@code PROFUNDO_FASHION_MNIST_URL} (a mirror), else {@link #OFFICIAL_URL}.
     */
    public static URI downloadUrl() {
        String u = System.getProperty("profundo.fashionMnistUrl", System.getenv("PROFUNDO_FASHION_MNIST_URL"));
        u = u == null || u.isBlank() ? OFFICIAL_URL : u;
        return URI.create(u.endsWith("/") ? u : u + "/");
    }

    /**
     * Downloads into {@code dir} whichever of the four files it lacks, from {@link #downloadUrl()},
     * checking each file's published MD5; files already there are left alone.
     *
     * @return {@code dir}
     * @throws DatasetNotFoundException naming the address and the reason, and saying how to get the files by hand
     */
    public static Path download(Path dir, PrintStream progress) {
        return download(dir, downloadUrl(), OFFICIAL_MD5, progress);
    }

    static Path download(Path dir, URI base, Map<String, String> md5, PrintStream progress) {
        progress.println("Downloading Fashion-MNIST from " + base + " into " + dir);
        for (String f : FILES) {
            if (find(dir, f).isPresent()) continue;
            String name = f + ".gz";
            try {
                Download.fetch(base.resolve(name), dir, name, md5.get(name), progress);
            } catch (IOException | IllegalArgumentException e) {
                throw new DatasetNotFoundException("Fashion-MNIST: downloading " + name + " failed: " + e.getMessage()
                        + ". " + howToGet(), e);
            }
        }
        return dir;
    }

    /**
     * Finds the dataset and loads both splits; when it is nowhere and {@code download} is true,
     * downloads it first into {@code dataDir} (if given) or {@link #userDir()}.
     */
    public static TrainTest load(Optional<Path> dataDir, boolean download, PrintStream progress) {
        return load(searchPath(dataDir), dataDir.orElse(userDir()), download, downloadUrl(), OFFICIAL_MD5, progress);
    }

    /** {@link #load(Optional, boolean, PrintStream)} with the folders, address and checksums spelled out. */
    static TrainTest load(List<Path> searched, Path target, boolean download, URI base, Map<String, String> md5,
                          PrintStream progress) {
        Path dir = searched.stream().filter(FashionMnist::hasAllFiles).findFirst().orElse(null);
        if (dir == null) {
            if (!download)
                throw new DatasetNotFoundException("Fashion-MNIST not found: looked in " + searched + ". " + howToGet());
            progress.println("Fashion-MNIST is not in " + searched + "; fetching it (about 30 MB).");
            dir = download(target, base, md5, progress);
        }
        return new TrainTest(load(dir, Split.TRAIN), load(dir, Split.TEST));
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
