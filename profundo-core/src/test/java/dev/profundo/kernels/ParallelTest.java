package dev.profundo.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ParallelTest {

    private static List<int[]> chunksSeen(int n, int grain) {
        List<int[]> seen = Collections.synchronizedList(new ArrayList<>());
        Parallel.forRange(n, grain, (s, e) -> seen.add(new int[] {s, e}));
        List<int[]> sorted = new ArrayList<>(seen);
        sorted.sort((x, y) -> Integer.compare(x[0], y[0]));
        return sorted;
    }

    @Test
    void chunksCoverRangeExactlyOnceWithAtLeastGrainItems() {
        for (int n : new int[] {1, 7, 100, 1000, 100_003}) {
            for (int grain : new int[] {1, 3, 64, 5000}) {
                List<int[]> chunks = chunksSeen(n, grain);
                int next = 0;
                for (int[] c : chunks) {
                    assertEquals(next, c[0]);
                    assertTrue(c[1] > c[0]);
                    assertTrue(c[1] - c[0] >= Math.min(grain, n), "chunk smaller than grain");
                    next = c[1];
                }
                assertEquals(n, next);
                assertEquals(Parallel.chunkCount(n, grain), chunks.size());
            }
        }
    }

    @Test
    void chunkingDoesNotDependOnThreadCount() {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            List<int[]> one = chunksSeen(12345, 10);
            Parallel.setThreads(2);
            List<int[]> two = chunksSeen(12345, 10);
            Parallel.setThreads(5);
            List<int[]> five = chunksSeen(12345, 10);
            assertEquals(one.size(), two.size());
            assertEquals(one.size(), five.size());
            for (int i = 0; i < one.size(); i++) {
                assertEquals(one.get(i)[0], two.get(i)[0]);
                assertEquals(one.get(i)[0], five.get(i)[0]);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void perChunkReductionIsBitIdenticalForOneAndTwoThreads() {
        float[] x = new float[1_000_001];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.37) * (i % 13 + 1);
        }
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            double one = chunkedSum(x);
            Parallel.setThreads(2);
            double two = chunkedSum(x);
            assertEquals(Double.doubleToRawLongBits(one), Double.doubleToRawLongBits(two));
        } finally {
            Parallel.setThreads(saved);
        }
    }

    private static double chunkedSum(float[] x) {
        int grain = 4096;
        double[] partial = new double[Parallel.chunkCount(x.length, grain)];
        Parallel.forRange(x.length, grain, (s, e) -> {
            // Chunk index from its start: chunkStart is monotone, so a search finds it.
            int idx = 0;
            while (Parallel.chunkStart(x.length, grain, idx) != s) {
                idx++;
            }
            partial[idx] = VectorOps.sum(x, s, e - s);
        });
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total;
    }

    @Test
    void exceptionInChunkReachesCaller() {
        IllegalStateException boom = new IllegalStateException("boom");
        int saved = Parallel.threads();
        try {
            for (int t : new int[] {1, 2}) {
                Parallel.setThreads(t);
                IllegalStateException got = assertThrows(IllegalStateException.class,
                        () -> Parallel.forRange(1000, 1, (s, e) -> {
                            if (s <= 500 && 500 < e) {
                                throw boom;
                            }
                        }));
                assertSame(boom, got);
            }
            // The pool still works after a failure.
            AtomicLong sum = new AtomicLong();
            Parallel.forRange(1000, 1, (s, e) -> {
                for (int i = s; i < e; i++) {
                    sum.addAndGet(i);
                }
            });
            assertEquals(999L * 1000 / 2, sum.get());
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void nestedCallsRunInlineWithoutDeadlock() {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(2);
            AtomicInteger count = new AtomicInteger();
            Parallel.forRange(64, 1, (s, e) -> {
                for (int i = s; i < e; i++) {
                    Parallel.forRange(100, 1, (s2, e2) -> count.addAndGet(e2 - s2));
                }
            });
            assertEquals(6400, count.get());
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void setThreadsRejectsZeroAndReportsCount() {
        int saved = Parallel.threads();
        try {
            assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
            Parallel.setThreads(3);
            assertEquals(3, Parallel.threads());
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void concurrentCallersFromManyThreadsAllComplete() throws InterruptedException {
        Thread[] callers = new Thread[4];
        AtomicLong total = new AtomicLong();
        for (int t = 0; t < callers.length; t++) {
            callers[t] = new Thread(() -> {
                for (int rep = 0; rep < 200; rep++) {
                    Parallel.forRange(1000, 10, (s, e) -> total.addAndGet(e - s));
                }
            });
            callers[t].start();
        }
        for (Thread t : callers) {
            t.join(20_000);
        }
        assertEquals(4L * 200 * 1000, total.get());
    }
}
