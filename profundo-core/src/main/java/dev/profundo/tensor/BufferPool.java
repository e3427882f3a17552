package dev.profundo.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Recycles the storage of a training step's tensors across steps, so that a steady training loop
 * allocates almost nothing: the activations, gradients and temporaries of step {@code k} become the
 * arrays of step {@code k + 1}.
 *
 * <p>A scope marks the step:
 * <pre>{@code
 * BufferPool pool = new BufferPool();
 * for (Batch b : loader) {
 *     try (var step = pool.open()) {
 *         Tensor loss = lossFn.apply(model.call(b.x()), b.y());
 *         double value = loss.item();          // keep numbers, not tensors
 *         opt.zeroGrad();
 *         loss.backward();
 *         opt.step();
 *     }
 * }
 * }</pre>
 * While a scope is open on a thread, the ops that thread runs take their output and work arrays from
 * the pool. When it closes, those arrays go back to the pool and <b>every tensor created inside the
 * scope over one of them is released</b>: its values are gone, and using it afterwards throws an
 * {@link IllegalStateException} naming the cause (or, for code that read its storage array before,
 * sees an empty array). The other tensors the scope created keep their values but lose their history
 * (as after {@code detach()}): the graph of a closed step cannot be backpropagated. Copy out what must
 * outlive the step first: {@code item()}, {@code toFloatArray()} and {@code clone()} make copies that
 * are not recycled. What the step changes
 * in place (parameters, optimizer state, batch-norm running statistics) and the gradients that
 * {@code backward} leaves on leaves are not pool storage and are unaffected.
 *
 * <p>The pool keeps arrays by exact length: a loop that repeats the same shapes reuses every array.
 * Between scopes it holds at most {@value #DEFAULT_KEEP_FACTOR} times the most any one scope drew
 * (the steps, plus an epoch's last, smaller batch and the evaluation batches); beyond that it drops the
 * lengths used longest ago, so a loop whose shapes keep changing does not grow it without bound.
 * Dropping arrays that the next epoch will ask for again is what it avoids: they would have aged into the
 * JVM's old generation, and the parallel collector grows that generation rather than reclaim them (the
 * resnet's heap grew by ~175 MB at every epoch boundary when lengths were dropped after 8 unused scopes).
 * Small arrays (under {@value #MIN_POOLED} floats) are always allocated fresh. Scopes do not nest,
 * and a pool belongs to one thread at a time; kernels running on worker threads are unaffected.
 * {@link dev.profundo.train.Trainer} opens a scope around each step unless told not to, and joins the
 * caller's scope when one is already open on its thread ({@link #openUnlessOpen}).
 */
public final class BufferPool {
    /** Arrays shorter than this are not pooled: allocating them is cheap, and they are many. */
    public static final int MIN_POOLED = 4096;
    /** Free bytes held between scopes, as a multiple of the most bytes one scope has drawn. */
    public static final double DEFAULT_KEEP_FACTOR = 2.0;

    private static final ThreadLocal<Scope> OPEN = new ThreadLocal<>();
    private static final AtomicInteger OPEN_SCOPES = new AtomicInteger();
    /** The storage of a released tensor: any index into it fails. */
    static final float[] RELEASED = new float[0];

    private final Map<Integer, SizeClass> classes = new HashMap<>();
    private final double keepFactor;
    private final boolean poison;
    private long closedScopes;
    private long peakScopeBytes;
    private long reused;
    private long allocated;
    private Scope current;

    /** A pool that holds up to {@value #DEFAULT_KEEP_FACTOR} times the most one scope drew. */
    public BufferPool() {
        this(DEFAULT_KEEP_FACTOR);
    }

    /**
     * A pool that holds, between scopes, free arrays worth up to {@code keepFactor} times the most bytes
     * one scope has drawn, dropping the lengths used longest ago beyond that (at least 1).
     */
    public BufferPool(double keepFactor) {
        this(keepFactor, false);
    }

    private BufferPool(double keepFactor, boolean poison) {
        if (!(keepFactor >= 1))
            throw new IllegalArgumentException("BufferPool: keepFactor must be at least 1, got " + keepFactor);
        this.keepFactor = keepFactor;
        this.poison = poison;
    }

    /**
     * A pool for testing ops: every array handed out by {@link #uninitialized} is filled with NaN first,
     * so an op that asks for uninitialized storage and then leaves an element unwritten shows NaN in
     * its result instead of a stale value that happens to look right. Slower; not for training.
     */
    public static BufferPool poisoning() {
        return new BufferPool(DEFAULT_KEEP_FACTOR, true);
    }

    /** Free arrays of one length, and the scope that last asked for that length. */
    private static final class SizeClass {
        final ArrayDeque<float[]> free = new ArrayDeque<>();
        long lastUsed;
    }

    /**
     * Opens a scope on the calling thread: until it closes, ops on this thread draw their arrays from
     * this pool. Fails if this thread already has an open scope.
     */
    public Scope open() {
        if (OPEN.get() != null)
            throw new IllegalStateException("BufferPool.open: this thread already has an open scope; "
                    + "close it first (scopes do not nest)");
        if (current != null)
            throw new IllegalStateException("BufferPool.open: this pool has an open scope on thread '"
                    + current.owner.getName() + "'; a pool serves one scope at a time");
        Scope s = new Scope();
        current = s;
        OPEN.set(s);
        OPEN_SCOPES.incrementAndGet();
        return s;
    }

    /** Arrays handed out again instead of allocated, since this pool was made. */
    public long reusedArrays() { return reused; }

    /** Arrays this pool had to allocate (none of the right length was free). */
    public long allocatedArrays() { return allocated; }

    /** Bytes held in free arrays between scopes. */
    public long pooledBytes() {
        long b = 0;
        for (var e : classes.entrySet()) b += 4L * e.getKey() * e.getValue().free.size();
        return b;
    }

    /** Whether the calling thread has an open scope (of any pool). */
    public static boolean isOpenOnThisThread() {
        return openScope() != null;
    }

    /**
     * Opens a scope on {@code pool} unless it is null or the calling thread already has one open (then
     * the work joins that scope, which releases it when it closes); returns null where it opened none.
     * For code that may run inside a caller's step, such as an evaluation called from a training loop.
     */
    public static Scope openUnlessOpen(BufferPool pool) {
        return pool == null || isOpenOnThisThread() ? null : pool.open();
    }

    // ------------------------------------------------------------------ for op authors

    /**
     * A zero-filled array of {@code n} floats for an op's output or work: from the calling thread's
     * open scope when there is one, else newly allocated.
     */
    public static float[] zeros(int n) {
        Scope s = openScope();
        if (s == null || n < MIN_POOLED) return new float[n];
        return s.take(n, true);
    }

    /**
     * An array of {@code n} floats whose contents are unspecified, for an op that writes every
     * element before it reads any: from the open scope when there is one (no zeroing), else new.
     */
    public static float[] uninitialized(int n) {
        Scope s = openScope();
        if (s == null || n < MIN_POOLED) return new float[n];
        return s.take(n, false);
    }

    private static Scope openScope() {
        return OPEN_SCOPES.get() == 0 ? null : OPEN.get();
    }

    /** Called for every new float tensor: one over a scope's array is released when the scope closes. */
    static void register(Tensor t) {
        if (OPEN_SCOPES.get() == 0) return;
        Scope s = OPEN.get();
        if (s != null) s.track(t);
    }

    /** Drops the free arrays of the lengths used longest ago while more than the budget is held. */
    private void trim() {
        long budget = (long) (keepFactor * peakScopeBytes), held = pooledBytes();
        if (held <= budget) return;
        var byAge = new ArrayList<>(classes.entrySet());
        byAge.sort(Comparator.comparingLong(e -> e.getValue().lastUsed));
        for (var e : byAge) {
            if (held <= budget) break;
            held -= 4L * e.getKey() * e.getValue().free.size();
            classes.remove(e.getKey());
        }
    }

    /** One training step's (or any unit of work's) use of the pool; see {@link BufferPool}. */
    public final class Scope implements AutoCloseable {
        private final Thread owner = Thread.currentThread();
        private final IdentityHashMap<float[], Boolean> handedOut = new IdentityHashMap<>();
        private final ArrayList<Tensor> tensors = new ArrayList<>();
        private boolean closed;
        private long drawnBytes;

        private Scope() {}

        private float[] take(int n, boolean zero) {
            SizeClass c = classes.computeIfAbsent(n, k -> new SizeClass());
            c.lastUsed = closedScopes;
            float[] a = c.free.poll();
            if (a == null) {
                a = new float[n];
                allocated++;
            } else {
                reused++;
                if (zero) Arrays.fill(a, 0f);
            }
            if (poison && !zero) Arrays.fill(a, Float.NaN);
            handedOut.put(a, Boolean.TRUE);
            drawnBytes += 4L * n;
            return a;
        }

        private void track(Tensor t) {
            tensors.add(t);
        }

        /** Releases the scope's tensors and returns their arrays to the pool. */
        @Override
        public void close() {
            if (closed) return;
            if (Thread.currentThread() != owner)
                throw new IllegalStateException("BufferPool.Scope.close: called on thread '"
                        + Thread.currentThread().getName() + "', but the scope belongs to '" + owner.getName() + "'");
            closed = true;
            OPEN.remove();
            OPEN_SCOPES.decrementAndGet();
            current = null;
            for (Tensor t : tensors) {
                if (handedOut.containsKey(t.data)) t.release();
                else t.cutHistory();
            }
            tensors.clear();
            for (float[] a : handedOut.keySet()) classes.get(a.length).free.push(a);
            handedOut.clear();
            closedScopes++;
            peakScopeBytes = Math.max(peakScopeBytes, drawnBytes);
            trim();
        }
    }
}
