package dev.profundo.vision.data;

import java.util.Arrays;

/**
 * The content of one IDX file of unsigned bytes: its dimensions (e.g. {@code [60000, 28, 28]} for
 * images, {@code [60000]} for labels) and the values in row-major order.
 */
public record IdxArray(int[] dims, byte[] data) {

    /** Checks that the data length is the product of the dimensions. */
    public IdxArray {
        long n = 1;
        for (int d : dims) n *= d;
        if (n != data.length)
            throw new IllegalArgumentException("IdxArray: dims " + Arrays.toString(dims) + " hold " + n
                    + " values but the data has " + data.length);
        dims = dims.clone();
    }

    /** The dimensions (a copy). */
    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** The value at flat index i as an unsigned number 0..255. */
    public int unsigned(int i) {
        return data[i] & 0xFF;
    }
}
