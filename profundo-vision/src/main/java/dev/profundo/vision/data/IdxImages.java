package dev.profundo.vision.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Loads an MNIST-family pair of IDX files (images N x H x W, labels N) into an {@link ImageSet}. */
public final class IdxImages {
    private IdxImages() {}

    /**
     * Reads and cross-checks an images file and its labels file (each gzip or plain).
     *
     * @throws IdxFormatException if either file is corrupt, or they do not belong together
     */
    public static ImageSet load(Path imagesFile, Path labelsFile, List<String> classes, String name) {
        IdxArray images = Idx.read(imagesFile);
        IdxArray labels = Idx.read(labelsFile);
        int[] di = images.dims(), dl = labels.dims();
        if (di.length != 3)
            throw new IdxFormatException(imagesFile + ": expected an images file with 3 dimensions (count, height, width), got "
                    + Arrays.toString(di) + "; is this a labels file?");
        if (dl.length != 1)
            throw new IdxFormatException(labelsFile + ": expected a labels file with 1 dimension (count), got "
                    + Arrays.toString(dl) + "; is this an images file?");
        if (di[0] != dl[0])
            throw new IdxFormatException(imagesFile + " holds " + di[0] + " images but " + labelsFile + " holds "
                    + dl[0] + " labels; the two files do not belong together");
        if (di[0] == 0 || di[1] == 0 || di[2] == 0)
            throw new IdxFormatException(imagesFile + ": holds no pixels (dims " + Arrays.toString(di) + ")");
        byte[] raw = images.data();   // kept as 8-bit levels: a quarter of the memory of floats
        long[] y = new long[dl[0]];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.unsigned(i);
            if (y[i] >= classes.size())
                throw new IdxFormatException(labelsFile + ": label " + y[i] + " of item " + i + " is outside 0.."
                        + (classes.size() - 1) + "; the file is corrupt or belongs to another dataset");
        }
        return ImageSet.ofLevels(name, raw, y, 1, di[1], di[2], classes);
    }
}
