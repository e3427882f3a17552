package dev.profundo.cli.bench;

/** Runs a workload: warm-up until its speed settles, then the timed repeats. */
final class Sampler {
    /** Samples of one workload and the seconds spent warming up. */
    record Samples(double[] values, double warmupSeconds) {}

    private Sampler() {}

    /** Sets the workload up, warms it up per {@code plan} and returns one figure per timed repeat. */
    static Samples measure(Workload w, TimingPlan plan) {
        Runnable call = w.setup().get();
        long start = System.nanoTime();
        call.run();   // one call always: class loading and first-touch allocation stay out of the timed runs
        double previous = Double.NaN;
        while (seconds(start) < plan.warmupMaxSeconds()) {
            double rate = loop(call, plan.minTimeSeconds()).perSecond();
            if (seconds(start) >= plan.warmupMinSeconds() && settled(previous, rate)) break;
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
        return new Samples(values, warmup);
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

    private static boolean settled(double previous, double current) {
        return Double.isFinite(previous) && Math.abs(current - previous) <= TimingPlan.STABLE_TOLERANCE * previous;
    }
}
