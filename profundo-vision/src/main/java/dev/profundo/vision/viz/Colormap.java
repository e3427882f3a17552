package dev.profundo.vision.viz;

/**
 * Colour scales for images and plots: perceptually ordered maps for magnitudes (viridis, inferno,
 * gray), a diverging blue-white-red map for signed values, and ten distinct colours for classes.
 */
public enum Colormap {
    /** Dark purple to yellow; the default for non-negative magnitudes (matplotlib's viridis, sampled). */
    VIRIDIS(0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6DCD59, 0xB4DE2C, 0xFDE725),
    /** Black through red to pale yellow; used for heat overlays (saliency, Grad-CAM). */
    INFERNO(0x000004, 0x1B0C41, 0x4A0C6B, 0x781C6D, 0xA52C60, 0xCF4446, 0xED6925, 0xFB9B06, 0xF7D13D, 0xFCFFA4),
    /** Black to white. */
    GRAY(0x000000, 0xFFFFFF),
    /** Blue (negative) through white (zero) to red (positive), for weights and other signed values. */
    DIVERGING(0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B),
    /** White to dark blue; for counts such as a confusion matrix. */
    BLUES(0xF7FBFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x4292C6, 0x2171B5, 0x08519C, 0x08306B);

    private static final int[] CATEGORICAL = {0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2,
            0x7F7F7F, 0xBCBD22, 0x17BECF};

    private final int[] stops;

    Colormap(int... stops) {
        this.stops = stops;
    }

    /** The colour at {@code t} in [0, 1] (clamped; NaN maps to the low end) as 0xRRGGBB. */
    public int rgb(double t) {
        if (!(t > 0)) t = 0;
        if (t > 1) t = 1;
        double pos = t * (stops.length - 1);
        int i = Math.min((int) pos, stops.length - 2);
        double f = pos - i;
        int a = stops[i], b = stops[i + 1];
        return mix(a >> 16 & 255, b >> 16 & 255, f) << 16 | mix(a >> 8 & 255, b >> 8 & 255, f) << 8 | mix(a & 255, b & 255, f);
    }

    /** The colour of {@code value} on a scale from {@code lo} to {@code hi}. */
    public int rgb(double value, double lo, double hi) {
        return rgb(hi > lo ? (value - lo) / (hi - lo) : 0.5);
    }

    /** A distinct colour for class {@code i} (cycles after ten). */
    public static int categorical(int i) {
        return CATEGORICAL[Math.floorMod(i, CATEGORICAL.length)];
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
