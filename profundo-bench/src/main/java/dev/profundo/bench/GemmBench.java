package dev.profundo.bench;

import dev.profundo.kernels.Gemm;
import dev.profundo.kernels.Parallel;
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
 * SGEMM on the issue-4 shapes: {@code LAYOUT_MxKxN} with op(A) M x K and op(B) K x N; {@code nt} stores B
 * as N x K, {@code tn} stores A as K x M (the same names as {@code profundo bench}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBench {
    /** Layout and shape. */
    @Param({"nn_256x256x256", "nn_512x512x512", "nn_1024x1024x1024", "nn_2048x2048x2048", "nn_4096x4096x4096",
            "nn_128x784x256", "nn_128x3136x128", "nn_4096x256x1024", "nn_4096x1024x256",
            "nt_128x784x256", "nt_128x3136x128", "tn_784x128x256", "tn_3136x128x128"})
    public String shape;

    /** Kernel threads (Profundo's pool, the benchmark thread included). */
    @Param({"2", "1"})
    public int threads;

    private boolean transA, transB;
    private int m, n, k, lda, ldb;
    private float[] a, b, c;

    /** Parses the shape, sizes the pool and fills A and B with uniform values in [-1, 1). */
    @Setup
    public void setup() {
        String[] parts = shape.split("_");
        transA = parts[0].charAt(0) == 't';
        transB = parts[0].charAt(1) == 't';
        String[] dims = parts[1].split("x");
        m = Integer.parseInt(dims[0]);
        k = Integer.parseInt(dims[1]);
        n = Integer.parseInt(dims[2]);
        lda = transA ? m : k;
        ldb = transB ? k : n;
        var rnd = new SplittableRandom(42);
        a = random(rnd, m * k);
        b = random(rnd, k * n);
        c = new float[m * n];
        Parallel.setThreads(threads);
    }

    /** C = op(A) op(B). */
    @Benchmark
    public float[] sgemm(Work work) {
        Gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        work.flop += 2L * m * n * k;
        return c;
    }

    static float[] random(SplittableRandom rnd, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }
}
