package dev.profundo.data;

import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The prefetching side of {@link DataLoader}: a daemon thread loads the epoch's batches in order
 * into a bounded queue, and the iterator takes them out. The thread stops at the end of the
 * epoch, on {@link Iter#close()}, or once the iterator is garbage (a loop left with {@code break}).
 */
final class Prefetcher {
    private static final Cleaner CLEANER = Cleaner.create();

    private Prefetcher() {}

    /** A failure on the loading thread, handed to the consumer. */
    private record Failure(Throwable error, int batch) {}

    /** State shared by both threads; must not reference the iterator, or the Cleaner never runs. */
    private static final class Pipe implements Runnable {
        final BlockingQueue<Object> queue;
        final DataLoader.EpochPlan plan;
        volatile boolean cancelled;
        volatile Thread worker;

        Pipe(DataLoader.EpochPlan plan, int capacity) {
            this.plan = plan;
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        @Override
        public void run() {
            for (int b = 0; b < plan.batches() && !cancelled; b++) {
                Batch item;
                try {
                    item = plan.load(b);
                } catch (Throwable t) {
                    put(new Failure(t, b));
                    return;
                }
                if (!put(item)) return;
            }
        }

        private boolean put(Object item) {
            try {
                // Timed offers so a cancelled pipe is noticed even if the interrupt was missed.
                while (!cancelled) if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        void cancel() {
            cancelled = true;
            queue.clear();
            Thread w = worker;
            if (w != null) w.interrupt();
        }
    }

    static Iterator<Batch> start(DataLoader.EpochPlan plan, int capacity) {
        var pipe = new Pipe(plan, capacity);
        var iter = new Iter(pipe, plan.batches());
        CLEANER.register(iter, pipe::cancel);
        pipe.worker = Thread.ofPlatform().daemon().name("profundo-dataloader").start(pipe);
        return iter;
    }

    /** The consumer side. */
    static final class Iter implements Iterator<Batch>, AutoCloseable {
        private final Pipe pipe;
        private final int batches;
        private int taken;

        Iter(Pipe pipe, int batches) {
            this.pipe = pipe;
            this.batches = batches;
        }

        @Override
        public boolean hasNext() { return taken < batches && !pipe.cancelled; }

        @Override
        public Batch next() {
            if (!hasNext()) throw new NoSuchElementException("DataLoader: the epoch has no more batches");
            Object item;
            try {
                item = pipe.queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("DataLoader: interrupted while waiting for batch " + taken, e);
            }
            if (item instanceof Failure f) {
                close();
                var here = new IllegalStateException("DataLoader: loading batch " + f.batch() + " failed on the prefetch thread");
                f.error().addSuppressed(here);
                if (f.error() instanceof RuntimeException r) throw r;
                if (f.error() instanceof Error err) throw err;
                throw new IllegalStateException(here.getMessage(), f.error());
            }
            taken++;
            return (Batch) item;
        }

        /** Stops the prefetch thread; the iterator then has no more batches. */
        @Override
        public void close() { pipe.cancel(); }
    }
}
