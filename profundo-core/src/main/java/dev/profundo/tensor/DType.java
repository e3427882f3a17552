package dev.profundo.tensor;

/** Element types a {@link Tensor} can hold. */
public enum DType {
    /** 32-bit IEEE float, the default for data, weights and gradients. */
    FLOAT32("F32", 4),
    /** 64-bit signed integer, for labels and indices. */
    INT64("I64", 8);

    private final String safetensorsName;
    private final int byteSize;

    DType(String safetensorsName, int byteSize) {
        this.safetensorsName = safetensorsName;
        this.byteSize = byteSize;
    }

    /** The dtype's name in the safetensors format ({@code F32}, {@code I64}). */
    public String safetensorsName() { return safetensorsName; }

    /** Bytes per element. */
    public int byteSize() { return byteSize; }

    /** Finds the dtype for a safetensors name, or throws naming the unsupported type. */
    public static DType fromSafetensors(String name) {
        for (DType d : values()) if (d.safetensorsName.equals(name)) return d;
        throw new IllegalArgumentException("unsupported dtype '" + name + "' (Profundo reads F32 and I64)");
    }
}
