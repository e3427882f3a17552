package dev.profundo.optim;

import dev.profundo.kernels.Parallel;
import java.util.Arrays;
import java.util.List;
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

    /**
     * Runs segment i's body over its values [0, starts[i+1] - starts[i]) for every segment, as one range of
     * {@code total} values: split into a multiple of the thread count of near-equal chunks of about GRAIN
     * values (none below 2 * GRAIN in all, which runs here), each cut at the segment boundaries it crosses.
     */
    static void forSegments(List<Parallel.RangeBody> bodies, long[] starts, long total) {
        int threads = Parallel.threads();
        if (total < 2 * GRAIN || threads == 1 || total > Integer.MAX_VALUE) {
            for (int i = 0; i < bodies.size(); i++) forRange((int) (starts[i + 1] - starts[i]), bodies.get(i));
            return;
        }
        long chunks = threads * Math.max(1, Math.round((double) total / ((long) threads * GRAIN)));
        int grain = (int) (total / chunks);
        Parallel.forRange((int) total, grain, (s, e) -> {
            // The segment holding value s, then each segment the chunk reaches.
            int i = Arrays.binarySearch(starts, 0, bodies.size() + 1, s);
            i = i >= 0 ? i : -i - 2;
            for (long v = s; v < e; i++) {
                while (starts[i + 1] <= v) i++;
                int from = (int) (v - starts[i]);
                int to = (int) (Math.min(e, starts[i + 1]) - starts[i]);
                inCalls(from, to, bodies.get(i));
                v = starts[i] + to;
            }
        });
    }

    private static void inCalls(int start, int end, Parallel.RangeBody body) {
        for (int s = start; s < end; s += CALL) body.run(s, Math.min(end, s + CALL));
    }
}
