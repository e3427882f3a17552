package dev.profundo.cli;

import dev.profundo.vision.data.Digits;
import dev.profundo.vision.data.FashionMnist;
import dev.profundo.vision.data.ImageFolder;
import dev.profundo.vision.data.ImageSet;
import dev.profundo.vision.data.TrainTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Resolves {@code --dataset NAME [--data DIR]} to images: the built-in UCI digits, Fashion-MNIST
 * (downloaded into {@code --data DIR} or {@code ~/.profundo/datasets/fashion-mnist} when it is on the
 * machine nowhere, unless {@code PROFUNDO_OFFLINE=1}),
 * or an image folder ({@code --dataset folder --data DIR}, with {@code DIR/train} and {@code DIR/test}
 * sub-folders, or one folder split 80/20 with a fixed seed).
 *
 * @param name           the dataset's name as stored in the model card
 * @param data           its training and test parts
 * @param darkBackground true when images are light strokes on a dark background
 */
record DatasetChoice(String name, TrainTest data, boolean darkBackground) {
    static final List<String> NAMES = List.of("digits", "fashion-mnist", "folder");

    static DatasetChoice load(String name, Path dataDir) {
        return switch (name) {
            case "digits" -> new DatasetChoice(name, Digits.split(), true);
            case "fashion-mnist" -> new DatasetChoice(name, FashionMnist.load(Optional.ofNullable(dataDir), downloadsAllowed(),
                    System.err), true);
            case "folder" -> new DatasetChoice(name, folder(dataDir), false);
            default -> throw new UsageException("unknown dataset '" + name + "'; choose one of " + String.join(", ", NAMES));
        };
    }

    /** Fashion-MNIST is downloaded when missing unless the environment says {@code PROFUNDO_OFFLINE=1}. */
    private static boolean downloadsAllowed() {
        String v = System.getenv("PROFUNDO_OFFLINE");
        return v == null || v.isBlank() || v.equals("0") || v.equalsIgnoreCase("false");
    }

    private static TrainTest folder(Path dir) {
        if (dir == null) throw new UsageException("--dataset folder needs --data DIR (DIR/<class>/*.png, or DIR/train and DIR/test)");
        var opts = ImageFolder.Options.GRAYSCALE;
        if (Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test"))) {
            ImageSet train = ImageFolder.load(dir.resolve("train"), opts);
            ImageSet test = ImageFolder.load(dir.resolve("test"), new ImageFolder.Options(1, train.height(), train.width()));
            if (!train.classes().equals(test.classes()))
                throw new IllegalArgumentException(dir + ": train classes " + train.classes() + " differ from test classes " + test.classes());
            return new TrainTest(train, test);
        }
        ImageSet all = ImageFolder.load(dir, opts);
        return TrainTest.split(all, Math.max(1, all.size() / 5), 7);
    }
}
