package dev.profundo.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The FMA-peak probe does the work it counts: n iterations of 12 FMAs, split among the threads. */
class FmaPeakTest {
    @Test
    void countsTwelveFmasPerLanePerIteration() {
        assertEquals(12L * 2 * jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length(), FmaPeak.FLOPS_PER_ITERATION);
    }

    @Test
    void runsTheIterationsItIsGivenOnOneOrAllThreads() {
        // Every accumulator adds 1e-7 * 1e-7 per iteration, so the checksum (lane 0 of the 12 summed) is 12 n 1e-14.
        assertEquals(12 * 1000 * 1e-14, FmaPeak.run(1000), 1e-14);
        int saved = Parallel.threads();
        try {
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreads(t);
                assertEquals(12 * 1001 * 1e-14, FmaPeak.runOnAllThreads(1001), 1e-14, t + " threads");
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
