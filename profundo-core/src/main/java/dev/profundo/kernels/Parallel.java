package dev.profundo.kernels;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** The one shared thread pool of Profundo: splits index ranges into fixed chunks run on all cores. */
public final class Parallel {

    /** Work on the half-open index range [start, end). */
    @FunctionalInterface
    public interface RangeBody {
        /** Processes items start (inclusive) to end (exclusive). */
        void run(int start, int end);
    }

    /**
     * Upper bound on chunks per call; a constant (not a function of the thread count) so the chunk
     * boundaries, and therefore any per-chunk reduction, are the same on every machine.
     */
    static final int MAX_CHUNKS = 256;

    /**
     * How long an idle worker spins before parking (and the caller before it parks waiting for a worker), so
     * kernels separated by a short serial stretch start without a wake-up. 300 µs by default, or the system
     * property {@code profundo.spinMicros}: batch-1 CNN inference took 0.134–0.145 ms with 50 µs and
     * 0.106–0.107 with 300 (its gaps between parallel kernels outlast 50 µs, and waking a parked thread costs
     * tens of µs on the 2-core VM); 1,000 µs measured the same as 300, and training did not change.
     */
    private static final long SPIN_NANOS = Long.getLong("profundo.spinMicros", 300) * 1000;

    private static final ThreadLocal<boolean[]> IN_RANGE = ThreadLocal.withInitial(() -> new boolean[1]);

    private static volatile Pool pool = new Pool(initialThreads());

    private Parallel() {}

    /** Number of threads kernels use, the calling thread included. */
    public static int threads() {
        return pool.threads;
    }

    /** Replaces the pool with one of {@code n} threads (the caller counts as one); n must be at least 1. */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("setThreads: n must be >= 1, got " + n);
        }
        if (n == pool.threads) {
            return;
        }
        Pool old = pool;
        pool = new Pool(n);
        old.shutdown();
    }

    /** Number of chunks {@link #forRange} splits [0, n) into; depends only on n and grain. */
    public static int chunkCount(int n, int grain) {
        if (n <= 0) {
            return 0;
        }
        int g = Math.max(1, grain);
        return Math.max(1, Math.min(MAX_CHUNKS, n / g));
    }

    /** First index of chunk {@code i} of [0, n) (chunk i ends where chunk i+1 starts; chunk count ends at n). */
    public static int chunkStart(int n, int grain, int i) {
        return (int) ((long) n * i / chunkCount(n, grain));
    }

    /**
     * Runs {@code body} over [0, n) in contiguous chunks of at least {@code grain} items on the pool and the
     * calling thread, returning when all chunks are done; a chunk's exception is rethrown here.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int chunks = chunkCount(n, grain);
        Pool p = pool;
        boolean[] inRange = IN_RANGE.get();
        if (chunks == 1 || p.threads == 1 || inRange[0] || Thread.currentThread() instanceof Worker) {
            // Same chunks as the parallel path, run in order: per-chunk results stay bit-identical.
            runInline(n, chunks, body);
            return;
        }
        Job job = new Job(body, n, chunks, Thread.currentThread());
        inRange[0] = true;
        try {
            p.submit(job);
            job.help();
            p.queue.remove(job);
            job.awaitDone();
        } finally {
            inRange[0] = false;
        }
        job.rethrow();
    }

    private static void runInline(int n, int chunks, RangeBody body) {
        boolean[] inRange = IN_RANGE.get();
        boolean outer = !inRange[0];
        inRange[0] = true;
        try {
            for (int i = 0; i < chunks; i++) {
                body.run((int) ((long) n * i / chunks), (int) ((long) n * (i + 1) / chunks));
            }
        } finally {
            if (outer) {
                inRange[0] = false;
            }
        }
    }

    private static int initialThreads() {
        String prop = System.getProperty("profundo.threads");
        if (prop != null && !prop.isBlank()) {
            try {
                int n = Integer.parseInt(prop.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // Fall through to the core count: a bad property must not stop the program.
            }
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** One forRange call: chunks are claimed by an atomic counter so callers and workers share them freely. */
    private static final class Job {
        final RangeBody body;
        final int n;
        final int chunks;
        final Thread owner;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger remaining;
        volatile Throwable error;

        Job(RangeBody body, int n, int chunks, Thread owner) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.owner = owner;
            this.remaining = new AtomicInteger(chunks);
        }

        /** Runs chunks until none are left to claim; returns false if there was nothing to claim. */
        boolean help() {
            boolean any = false;
            int i;
            while ((i = next.getAndIncrement()) < chunks) {
                any = true;
                if (error == null) {
                    try {
                        body.run((int) ((long) n * i / chunks), (int) ((long) n * (i + 1) / chunks));
                    } catch (Throwable t) {
                        synchronized (this) {
                            if (error == null) {
                                error = t;
                            }
                        }
                    }
                }
                if (remaining.decrementAndGet() == 0 && Thread.currentThread() != owner) {
                    LockSupport.unpark(owner);
                }
            }
            return any;
        }

        boolean exhausted() {
            return next.get() >= chunks;
        }

        void awaitDone() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (remaining.get() > 0) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 100_000);
                }
            }
        }

        void rethrow() {
            Throwable t = error;
            if (t == null) {
                return;
            }
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new RuntimeException(t);
        }
    }

    /** Marks pool threads so a nested forRange runs inline instead of waiting on its own pool. */
    private static final class Worker extends Thread {
        private final Pool pool;
        volatile boolean parked;

        Worker(Pool pool, int index) {
            super("profundo-worker-" + index);
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (!pool.stopped) {
                Job job = pool.queue.peek();
                if (job != null) {
                    if (!job.help() && job.exhausted()) {
                        pool.queue.remove(job);
                    }
                    idleSince = System.nanoTime();
                    continue;
                }
                if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (pool.queue.isEmpty() && !pool.stopped) {
                    LockSupport.park(this);
                }
                parked = false;
                idleSince = System.nanoTime();
            }
        }
    }

    /** The workers of one thread count; replaced wholesale by setThreads. */
    private static final class Pool {
        final int threads;
        final Worker[] workers;
        final ConcurrentLinkedQueue<Job> queue = new ConcurrentLinkedQueue<>();
        volatile boolean stopped;

        Pool(int threads) {
            this.threads = threads;
            this.workers = new Worker[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker(this, i + 1);
                workers[i].start();
            }
        }

        void submit(Job job) {
            queue.add(job);
            for (Worker w : workers) {
                if (w.parked) {
                    LockSupport.unpark(w);
                }
            }
        }

        void shutdown() {
            stopped = true;
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
        }
    }
}
