package dev.profundo.bench;

import dev.profundo.kernels.Im2col;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;

/**
 * im2col of one image for the benchmark CNN's two 3x3 pad-1 convolutions ({@code conv1}: 1x28x28,
 * {@code conv2}: 32x14x14); single-threaded data movement, reported in GB/s of columns written plus
 * image read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class Im2colBench {
    /** Which convolution of the benchmark CNN. */
    @Param({"conv1", "conv2"})
    public String layer;

    private int c, h, w;
    private float[] x, cols;

    /** Sizes the image and the column buffer. */
    @Setup
    public void setup() {
        c = layer.equals("conv1") ? 1 : 32;
        h = w = layer.equals("conv1") ? 28 : 14;
        x = GemmBench.random(new SplittableRandom(3), c * h * w);
        cols = new float[c * 9 * h * w];
    }

    /** Unfolds the 3x3 patches (stride 1, padding 1). */
    @Benchmark
    public float[] im2col(Work work) {
        Im2col.im2col(x, 0, c, h, w, 3, 3, 1, 1, 1, 1, 1, 1, cols, 0);
        work.bytes += 4L * (cols.length + x.length);
        return cols;
    }
}
