package dev.profundo.optim;

import dev.profundo.kernels.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** What the update kernels share: the vector species and how a parameter's range is split into calls. */
final class Elementwise {
    /** The widest float species the CPU runs natively. */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /**
     * Values per kernel call. Vector API code is fast only once C2 has compiled it, and C2 compiles
     * a method after enough calls; short calls get there within the first steps, where one long
     * loop per parameter would run boxed vectors (100x slower) for hundreds of steps.
     */
    private static final int CALL = 2048;

    /** Values per parallel chunk: an update streams 4–7 arrays, so smaller chunks cost more in hand-off than they gain. */
    private static final int GRAIN = 1 << 16;

    private Elementwise() {}

    /** Runs {@code body} over [0, n) in short calls, split across the shared pool for large parameters. */
    static void forRange(int n, Parallel.RangeBody body) {
        if (n < 2 * GRAIN) inCalls(0, n, body);
        else Parallel.forRange(n, GRAIN, (start, end) -> inCalls(start, end, body));
    }

    private static void inCalls(int start, int end, Parallel.RangeBody body) {
        for (int s = start; s < end; s += CALL) body.run(s, Math.min(end, s + CALL));
    }
}
