package dev.profundo.tensor;

import java.util.SplittableRandom;

/**
 * The global seeded random source behind {@code rand}, {@code randn}, initialisers, dropout and
 * shuffling. Same seed, same sequence, run after run. Its whole state is one {@code long}
 * (SplitMix64), so a checkpoint can save it and a resumed run continue the same sequence.
 */
public final class Generator {
    private static final Object LOCK = new Object();
    private static long state = mix(0x5EEDL);

    private Generator() {}

    /** Reseeds the global generator. */
    public static void manualSeed(long seed) {
        synchronized (LOCK) { state = mix(seed); }
    }

    /** The generator's full state, to store in a checkpoint. */
    public static long getState() {
        synchronized (LOCK) { return state; }
    }

    /** Restores a state returned by {@link #getState()}. */
    public static void setState(long s) {
        synchronized (LOCK) { state = s; }
    }

    /** A new independent generator seeded from the global one (for a loader epoch or a worker). */
    public static SplittableRandom split() {
        return new SplittableRandom(nextLong());
    }

    /** Next 64 random bits. */
    public static long nextLong() {
        synchronized (LOCK) { return step(); }
    }

    /** Next uniform double in [0, 1). */
    public static double nextDouble() {
        synchronized (LOCK) { return unit(step()); }
    }

    /** Fills {@code out} with uniform values in [low, high). */
    public static void fillUniform(float[] out, double low, double high) {
        synchronized (LOCK) {
            double span = high - low;
            for (int i = 0; i < out.length; i++) out[i] = (float) (low + span * unit(step()));
        }
    }

    /** Fills {@code out} with normal values of the given mean and standard deviation (Box-Muller). */
    public static void fillNormal(float[] out, double mean, double std) {
        synchronized (LOCK) {
            for (int i = 0; i < out.length; i += 2) {
                double u1 = 1.0 - unit(step()); // (0, 1]: log stays finite
                double u2 = unit(step());
                double r = Math.sqrt(-2.0 * Math.log(u1));
                out[i] = (float) (mean + std * r * Math.cos(2 * Math.PI * u2));
                if (i + 1 < out.length) out[i + 1] = (float) (mean + std * r * Math.sin(2 * Math.PI * u2));
            }
        }
    }

    private static long step() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    private static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
