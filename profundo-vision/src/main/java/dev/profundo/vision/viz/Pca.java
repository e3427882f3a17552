package dev.profundo.vision.viz;

/**
 * Principal component analysis of row vectors, by orthogonal (subspace) iteration on the
 * covariance applied as {@code Xᵀ(X v)} so a large feature dimension never builds a d x d matrix.
 *
 * @param mean       the mean row (length d)
 * @param components k unit-length principal directions, largest variance first (k x d)
 * @param variance   the variance along each component
 * @param explained  each component's share of the total variance
 */
public record Pca(double[] mean, double[][] components, double[] variance, double[] explained) {

    /** Fits {@code k} components to {@code n} rows of {@code d} values (row-major). */
    public static Pca fit(float[] data, int n, int d, int k) {
        if (n < 2 || d < 1 || k < 1 || k > d || (long) n * d > data.length)
            throw new IllegalArgumentException("Pca.fit: need n >= 2 rows of d values and 1 <= k <= d, got n=" + n
                    + ", d=" + d + ", k=" + k + " for " + data.length + " values");
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += data[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        double total = 0;
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) {
            double c = data[i * d + j] - mean[j];
            total += c * c;
        }
        total /= n - 1;
        var rng = new java.util.SplittableRandom(12345);
        double[][] v = new double[k][d];
        for (double[] row : v) for (int j = 0; j < d; j++) row[j] = rng.nextDouble() - 0.5;
        orthonormalise(v);
        double[] lambda = new double[k];
        for (int iter = 0; iter < 500; iter++) {
            double[][] next = new double[k][];
            for (int c = 0; c < k; c++) next[c] = covTimes(data, n, d, mean, v[c]);
            for (int c = 0; c < k; c++) lambda[c] = dot(v[c], next[c]);
            orthonormalise(next);
            double change = 0;
            for (int c = 0; c < k; c++) change = Math.max(change, 1 - Math.abs(dot(next[c], v[c])));
            v = next;
            if (change < 1e-12) break;
        }
        double[] explained = new double[k];
        for (int c = 0; c < k; c++) {
            lambda[c] = dot(v[c], covTimes(data, n, d, mean, v[c]));
            explained[c] = total > 0 ? lambda[c] / total : 0;
        }
        return new Pca(mean, v, lambda, explained);
    }

    /** Projects {@code n} rows onto the components: n x k values, row-major. */
    public double[] project(float[] data, int n, int d) {
        if (d != mean.length) throw new IllegalArgumentException("Pca.project: fitted on " + mean.length + " features, got " + d);
        int k = components.length;
        double[] out = new double[n * k];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int j = 0; j < d; j++) s += (data[i * d + j] - mean[j]) * components[c][j];
                out[i * k + c] = s;
            }
        return out;
    }

    private static double[] covTimes(float[] x, int n, int d, double[] mean, double[] v) {
        double[] out = new double[d];
        for (int i = 0; i < n; i++) {
            double s = 0;
            int row = i * d;
            for (int j = 0; j < d; j++) s += (x[row + j] - mean[j]) * v[j];
            for (int j = 0; j < d; j++) out[j] += (x[row + j] - mean[j]) * s;
        }
        for (int j = 0; j < d; j++) out[j] /= n - 1;
        return out;
    }

    private static void orthonormalise(double[][] v) {
        for (int c = 0; c < v.length; c++) {
            for (int p = 0; p < c; p++) {
                double proj = dot(v[c], v[p]);
                for (int j = 0; j < v[c].length; j++) v[c][j] -= proj * v[p][j];
            }
            double norm = Math.sqrt(dot(v[c], v[c]));
            if (norm < 1e-300) {
                // A degenerate direction (rank-deficient data): replace it by a unit axis.
                java.util.Arrays.fill(v[c], 0);
                v[c][c % v[c].length] = 1;
                continue;
            }
            for (int j = 0; j < v[c].length; j++) v[c][j] /= norm;
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) s += a[j] * b[j];
        return s;
    }
}
