package dev.profundo.nn;

/** The window of a pooling layer: kernel, stride and padding per axis, validated with PyTorch's rules. */
record PoolWindow(int kh, int kw, int sh, int sw, int ph, int pw) {
    /** A square window; checks kernel >= 1, stride >= 1 and 0 <= padding <= kernel/2. */
    static PoolWindow square(String layer, int kernel, int stride, int padding) {
        if (kernel < 1)
            throw new IllegalArgumentException(layer + ": kernel size must be >= 1, got " + kernel);
        if (stride < 1)
            throw new IllegalArgumentException(layer + ": stride must be >= 1, got " + stride);
        if (padding < 0 || padding > kernel / 2)
            throw new IllegalArgumentException(layer + ": padding must be between 0 and half the kernel size ("
                    + kernel / 2 + "), got " + padding);
        return new PoolWindow(kernel, kernel, stride, stride, padding, padding);
    }

    /** E.g. {@code 2x2, stride 2} or {@code 3x3, stride 1, pad 1}. */
    String describe() {
        String s = kh + "x" + kw + ", stride " + (sh == sw ? Integer.toString(sh) : sh + "x" + sw);
        if (ph != 0 || pw != 0) s += ", pad " + (ph == pw ? Integer.toString(ph) : ph + "x" + pw);
        return s;
    }
}
