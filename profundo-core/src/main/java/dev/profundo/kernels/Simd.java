package dev.profundo.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/** Holds the one float species every kernel uses, chosen once at start-up. */
final class Simd {
    /**
     * The species: the widest the CPU runs natively (512-bit on AVX-512), or the width named by the
     * system property {@code profundo.vectorBits} (64/128/256/512) so tests can exercise other widths.
     */
    static final VectorSpecies<Float> F = pick();

    /** Lanes per vector of {@link #F}. */
    static final int LANES = F.length();

    private Simd() {}

    private static VectorSpecies<Float> pick() {
        String bits = System.getProperty("profundo.vectorBits");
        if (bits != null && !bits.isBlank()) {
            return VectorSpecies.of(float.class, VectorShape.forBitSize(Integer.parseInt(bits.trim())));
        }
        return FloatVector.SPECIES_PREFERRED;
    }
}
