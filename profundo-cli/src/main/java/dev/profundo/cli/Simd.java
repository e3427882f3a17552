package dev.profundo.cli;

/**
 * Reports whether the Vector API is usable in this JVM. It is an incubator module: without
 * {@code --add-modules jdk.incubator.vector} the kernels cannot use SIMD, and we say so loudly.
 */
final class Simd {
    private Simd() {}

    /** True when the Vector API module is present and the CPU gives more than one float lane. */
    static boolean enabled() {
        if (!moduleLoaded()) return false;
        return Lanes.floats() > 1;
    }

    /** One line: the species and width in use, or why SIMD is off. */
    static String status() {
        if (!moduleLoaded())
            return "off: the JVM was started without --add-modules jdk.incubator.vector, so every kernel runs scalar code "
                    + "(several times slower). Start through ./profundo, or add that flag to the java command.";
        int lanes = Lanes.floats();
        int bits = Lanes.bits();
        if (lanes <= 1)
            return "off: the Vector API is loaded but this CPU/JVM offers no float vector wider than one lane";
        return "on: FloatVector " + bits + "-bit species, " + lanes + " float lanes (jdk.incubator.vector)";
    }

    private static boolean moduleLoaded() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** Touches the Vector API only after the module check, so its absence is a message, not a crash. */
    private static final class Lanes {
        static int floats() { return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length(); }

        static int bits() { return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize(); }
    }
}
