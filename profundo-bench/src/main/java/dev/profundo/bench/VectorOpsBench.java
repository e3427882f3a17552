package dev.profundo.bench;

import dev.profundo.kernels.Parallel;
import dev.profundo.kernels.VectorOps;
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
 * Elementwise {@code out = a + b}: memory-bound, so the figure to watch is GB/s (12 bytes per element)
 * against the machine's bandwidth (STREAM triad 29–53 GB/s, RESULTS.md), not GFLOP/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class VectorOpsBench {
    /** Elements: in L1 (4 Ki), in L2 (64 Ki), in memory (16 Mi). */
    @Param({"4096", "65536", "16777216"})
    public int length;

    /** Kernel threads. */
    @Param({"2", "1"})
    public int threads;

    private float[] a, b, out;

    /** Fills the operands. */
    @Setup
    public void setup() {
        var rnd = new SplittableRandom(7);
        a = GemmBench.random(rnd, length);
        b = GemmBench.random(rnd, length);
        out = new float[length];
        Parallel.setThreads(threads);
    }

    /** out = a + b. */
    @Benchmark
    public float[] add(Work work) {
        VectorOps.add(a, 0, b, 0, out, 0, length);
        work.flop += length;
        work.bytes += 12L * length;
        return out;
    }
}
