package dev.profundo.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Work done by a benchmark, counted per invocation; JMH reports each field as a rate, so {@code flop}
 * comes out as FLOP/s and {@code bytes} as bytes/s next to the ops/s score ({@link Report} turns them
 * into GFLOP/s, GB/s and percent of peak).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Work {
    /** Floating-point operations done so far in this iteration (an FMA counts as two). */
    public long flop;
    /** Bytes read plus written so far in this iteration (memory-bound kernels). */
    public long bytes;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void reset() {
        flop = 0;
        bytes = 0;
    }
}
