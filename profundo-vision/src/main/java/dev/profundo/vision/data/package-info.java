/**
 * Image datasets held in memory as {@link dev.profundo.vision.data.ImageSet}s (which are
 * {@link dev.profundo.data.Dataset}s): the built-in UCI 8x8 {@link dev.profundo.vision.data.Digits},
 * {@link dev.profundo.vision.data.FashionMnist} from IDX files ({@link dev.profundo.vision.data.Idx}),
 * and {@link dev.profundo.vision.data.ImageFolder} for {@code root/<class>/*.png}.
 *
 * <pre>{@code
 * TrainTest digits = Digits.split();                          // 1,437 train + 360 test, fixed split
 * TrainTest fashion = FashionMnist.load(Optional.empty());    // 60,000 + 10,000, or a clear error
 * var loader = new DataLoader(fashion.train(), 128, true);    // batches x (B, 1, 28, 28), y (B)
 * }</pre>
 *
 * <p>Every reader validates its input and reports a bad file with one exception whose message
 * names the file. Arguments of reference type must not be null.
 */
package dev.profundo.vision.data;
