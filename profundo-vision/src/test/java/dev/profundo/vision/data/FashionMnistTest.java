package dev.profundo.vision.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FashionMnistTest {
    @TempDir Path dir;

    private void writeFakeDataset(Path d) throws IOException {
        Files.createDirectories(d);
        Files.write(d.resolve("train-images-idx3-ubyte.gz"), IdxTest.gzip(IdxTest.images(20, 28, 28)));
        Files.write(d.resolve("train-labels-idx1-ubyte.gz"), IdxTest.gzip(IdxTest.labels(20, 10)));
        Files.write(d.resolve("t10k-images-idx3-ubyte"), IdxTest.images(5, 28, 28));
        Files.write(d.resolve("t10k-labels-idx1-ubyte"), IdxTest.labels(5, 10));
    }

    @Test
    void theDataFolderComesFirstInTheSearchPath() {
        var path = FashionMnist.searchPath(Optional.of(dir));
        assertEquals(dir, path.getFirst());
        assertEquals(FashionMnist.SYSTEM_DIR, path.getLast());
    }

    @Test
    void findsAndLoadsFourFilesGzippedOrPlainInTheDataFolder() throws IOException {
        writeFakeDataset(dir);
        assertEquals(dir, FashionMnist.locate(Optional.of(dir)));
        TrainTest tt = FashionMnist.load(Optional.of(dir));
        assertEquals(20, tt.train().size());
        assertEquals(5, tt.test().size());
        assertEquals("Ankle boot", tt.train().classes().get(tt.train().label(9)));
    }

    @Test
    void aFolderWithSomeFilesMissingIsNotChosen() throws IOException {
        writeFakeDataset(dir);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        assertTrue(!FashionMnist.hasAllFiles(dir));
    }

    @Test
    void whenAbsentTheErrorSaysWhereItLookedAndHowToGetIt() {
        // Only meaningful where the dataset is not installed system-wide or for this user.
        org.junit.jupiter.api.Assumptions.assumeFalse(FashionMnist.hasAllFiles(FashionMnist.SYSTEM_DIR)
                || FashionMnist.hasAllFiles(FashionMnist.userDir()), "Fashion-MNIST is installed here");
        var e = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.locate(Optional.of(dir)));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
    }

    @Test
    void loadingFromAFolderWithoutTheFilesNamesTheMissingFile() {
        var e = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.load(dir, FashionMnist.Split.TEST));
        assertTrue(e.getMessage().contains("t10k-images"), e.getMessage());
    }
}
