package dev.profundo.cli.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Runs a workload: warm-up until its speed settles and the JIT has gone quiet, then the timed repeats.
 * Speed alone is not enough: while C2 is still compiling a kernel the Vector API runs it boxed, and two
 * warm-up chunks can agree on a speed 5-10x below the real one (a fresh CNN process has ~8.5 s of C2 work).
 */
final class Sampler {
    /** Compilation time per second of warm-up chunk below which the JIT counts as quiet. */
    static final double JIT_QUIET_FRACTION = 0.05;

    /**
     * Samples of one workload, the seconds spent warming up, and whether warm-up ended settled (steady
     * speed, quiet JIT) rather than at its time cap.
     */
    record Samples(double[] values, double warmupSeconds, boolean settled) {}

    private Sampler() {}

    /** Sets the workload up, warms it up per {@code plan} and returns one figure per timed repeat. */
    static Samples measure(Workload w, TimingPlan plan) {
        Runnable call = w.setup().get();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean watchJit = jit != null && jit.isCompilationTimeMonitoringSupported();
        long start = System.nanoTime();
        call.run();   // one call always: class loading and first-touch allocation stay out of the timed runs
        double previous = Double.NaN;
        long compiledMs = watchJit ? jit.getTotalCompilationTime() : 0;
        boolean settled = false;
        while (seconds(start) < plan.warmupMaxSeconds()) {
            Loop chunk = loop(call, plan.minTimeSeconds());
            double rate = chunk.perSecond();
            long nowMs = watchJit ? jit.getTotalCompilationTime() : 0;
            boolean steady = warmedUp(previous, rate, nowMs - compiledMs, chunk.seconds());
            compiledMs = nowMs;
            if (seconds(start) >= plan.warmupMinSeconds() && steady) {
                settled = true;
                break;
            }
            previous = rate;
        }
        double warmup = (System.nanoTime() - start) / 1e9;
        double[] values = new double[plan.repeats()];
        for (int r = 0; r < values.length; r++) {
            Loop run = loop(call, plan.minTimeSeconds());
            values[r] = w.metric() == Metric.PEAK_RSS_MIB
                    ? ProcStatus.peakRssMib()
                    : w.metric().figure(w.unitsPerCall() * run.calls(), run.calls(), run.seconds());
        }
        return new Samples(values, warmup, settled);
    }

    /** Calls made in one timed loop and the seconds they took. */
    private record Loop(long calls, double seconds) {
        double perSecond() { return calls / seconds; }
    }

    /** Calls {@code call} until at least {@code minSeconds} have passed (at least once). */
    private static Loop loop(Runnable call, double minSeconds) {
        long calls = 0;
        long t0 = System.nanoTime();
        long t;
        do {
            call.run();
            calls++;
            t = System.nanoTime();
        } while ((t - t0) / 1e9 < minSeconds);
        return new Loop(calls, (t - t0) / 1e9);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /**
     * Whether a warm-up chunk ends warm-up: its rate is within {@link TimingPlan#STABLE_TOLERANCE} of the
     * previous chunk's, and the JIT compiled for at most {@link #JIT_QUIET_FRACTION} of the chunk's time.
     */
    static boolean warmedUp(double previousRate, double rate, long compiledMs, double chunkSeconds) {
        boolean steady = Double.isFinite(previousRate)
                && Math.abs(rate - previousRate) <= TimingPlan.STABLE_TOLERANCE * previousRate;
        return steady && compiledMs <= JIT_QUIET_FRACTION * chunkSeconds * 1000;
    }
}
