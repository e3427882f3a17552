package dev.profundo.tensor;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BufferPoolTest {
    private static final int N = 2 * BufferPool.MIN_POOLED;   // large enough to be pooled

    private static Tensor ramp() {
        float[] v = new float[N];
        for (int i = 0; i < N; i++) v[i] = i - N / 2f;
        return Tensor.of(v, 8, N / 8);
    }

    @Test
    void theNextScopeGetsTheSameArraysAndCorrectValues() {
        var pool = new BufferPool();
        Tensor x = ramp();
        float[] first;
        try (var _ = pool.open()) {
            first = x.relu().floatStorage();
        }
        try (var _ = pool.open()) {
            Tensor y = x.relu();
            assertSame(first, y.floatStorage(), "the second step reuses the first step's output array");
            float[] expected = x.toFloatArray();
            for (int i = 0; i < N; i++) expected[i] = Math.max(0, expected[i]);
            assertArrayEquals(expected, y.toFloatArray());
        }
        assertEquals(1, pool.reusedArrays());
        assertEquals(1, pool.allocatedArrays());
        assertEquals(4L * N, pool.pooledBytes(), "one array waits in the pool between scopes");
    }

    @Test
    void withoutAScopeOpsAllocateAndNothingIsReleased() {
        Tensor x = ramp();
        Tensor a = x.relu(), b = x.relu();
        assertNotSame(a.floatStorage(), b.floatStorage());
        assertFalse(a.isReleased());
    }

    @Test
    void aTensorUsedAfterItsScopeFailsWithAMessageNamingTheCause() {
        var pool = new BufferPool();
        Tensor x = ramp();
        Tensor y, view;
        try (var _ = pool.open()) {
            y = x.mul(2.0).name("activation");
            view = y.reshape(N);
        }
        assertTrue(y.isReleased());
        assertTrue(view.isReleased(), "a view of pool storage is released with it");
        var e = assertThrows(IllegalStateException.class, y::toFloatArray);
        assertTrue(e.getMessage().contains("'activation'") && e.getMessage().contains("released")
                && e.getMessage().contains("recycleBuffers(false)"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> y.get(0, 0));
        assertThrows(IllegalStateException.class, y::floatStorage);
        assertThrows(IllegalStateException.class, () -> y.add(x));
        assertThrows(IllegalStateException.class, () -> x.mul(y));
        assertThrows(IllegalStateException.class, () -> y.sum().item());
        assertThrows(IllegalStateException.class, () -> y.transpose(0, 1));
        assertThrows(IllegalStateException.class, () -> y.max(1));
        assertTrue(y.toString().contains("released"), y.toString());
        assertTrue(x.toFloatArray().length == N, "inputs made outside the scope are untouched");
    }

    @Test
    void copiesNumbersAndSmallTensorsOutliveTheScopeWithoutHistory() {
        var pool = new BufferPool();
        Tensor w = ramp().requiresGrad(true);
        Tensor kept, small;
        double total;
        float[] copied;
        try (var _ = pool.open()) {
            Tensor y = w.mul(3.0);
            kept = y.clone();
            copied = y.toFloatArray();
            small = y.sum();
            total = small.item();
        }
        assertFalse(kept.isReleased());
        assertArrayEquals(copied, kept.toFloatArray());
        assertEquals(total, small.item(), 0.0, "a tensor too small to be pooled keeps its value");
        assertFalse(small.requiresGrad(), "but loses its history: a closed step's graph cannot be backpropagated");
        assertFalse(kept.requiresGrad());
    }

    @Test
    void leafGradientsLeftByBackwardOutliveTheStep() {
        var pool = new BufferPool();
        Tensor w = ramp().requiresGrad(true);
        for (int step = 0; step < 3; step++) {
            w.setGrad(null);
            try (var _ = pool.open()) {
                w.relu().mul(2.0).sum().backward();
            }
            Tensor g = w.grad();
            assertNotNull(g);
            assertFalse(g.isReleased());
            float[] wv = w.toFloatArray(), gv = g.toFloatArray();
            for (int i = 0; i < N; i++) assertEquals(wv[i] > 0 ? 2f : 0f, gv[i], "grad[" + i + "] at step " + step);
        }
        assertTrue(pool.reusedArrays() > 0, "steps 2 and 3 reuse step 1's arrays");
    }

    @Test
    void zerosIsZeroEvenOnAReusedArray() {
        var pool = new BufferPool();
        try (var _ = pool.open()) {
            Arrays.fill(BufferPool.uninitialized(N), 7f);
        }
        try (var _ = pool.open()) {
            float[] a = BufferPool.zeros(N);
            for (float v : a) assertEquals(0f, v);
        }
    }

    @Test
    void beyondTheBudgetTheLengthsUsedLongestAgoAreDropped() {
        var pool = new BufferPool(1.0);   // hold at most what the biggest scope drew
        try (var _ = pool.open()) {
            BufferPool.zeros(N);
        }
        assertEquals(4L * N, pool.pooledBytes());
        try (var _ = pool.open()) {
            BufferPool.zeros(N + 1);
        }
        assertEquals(4L * (N + 1), pool.pooledBytes(), "N and N + 1 together exceed the budget: N, older, goes");
        assertThrows(IllegalArgumentException.class, () -> new BufferPool(0.5));
    }

    @Test
    void anEpochsLastBatchKeepsItsArraysFromEpochToEpoch() {
        var pool = new BufferPool();
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int step = 0; step < 20; step++) {
                try (var _ = pool.open()) {
                    BufferPool.zeros(N);
                    BufferPool.zeros(N);
                }
            }
            try (var _ = pool.open()) {          // the last, smaller batch: other lengths
                BufferPool.zeros(N / 2 + 1);
                BufferPool.zeros(N / 2 + 1);
            }
        }
        assertEquals(4, pool.allocatedArrays(), "two arrays per length, allocated in the first epoch only");
    }

    @Test
    void smallArraysAreNeverPooled() {
        var pool = new BufferPool();
        try (var _ = pool.open()) {
            BufferPool.zeros(BufferPool.MIN_POOLED - 1);
        }
        assertEquals(0, pool.pooledBytes());
        assertEquals(0, pool.allocatedArrays());
    }

    @Test
    void scopesDoNotNestAndBelongToTheirThread() throws Exception {
        var pool = new BufferPool();
        var other = new BufferPool();
        try (var s = pool.open()) {
            var e = assertThrows(IllegalStateException.class, other::open);
            assertTrue(e.getMessage().contains("do not nest"), e.getMessage());
            Throwable[] fromThread = new Throwable[1];
            Thread t = new Thread(() -> {
                try {
                    s.close();
                } catch (Throwable ex) {
                    fromThread[0] = ex;
                }
            }, "worker");
            t.start();
            t.join();
            assertTrue(fromThread[0] instanceof IllegalStateException, String.valueOf(fromThread[0]));
        }
        assertDoesNotThrow(() -> pool.open().close(), "the pool opens again once its scope closed");
    }
}
