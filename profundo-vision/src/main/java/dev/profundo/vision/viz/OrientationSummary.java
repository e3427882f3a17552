package dev.profundo.vision.viz;

import dev.profundo.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The figures and sentences of the report's edge-detector check, built from {@link OrientationProbe} results. */
final class OrientationSummary {
    /** Random kernel sets drawn for the chance comparison. */
    static final int DRAWS = 200;
    private static final long SEED = 12345;

    private OrientationSummary() {}

    /** One layer's probe result as JSON fields. */
    static Map<String, Object> json(OrientationProbe.Result r) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("filters", r.filters().size());
        j.put("selective", r.selective(OrientationProbe.SELECTIVE));
        j.put("median_osi", r.medianOsi());
        j.put("mean_osi", r.meanOsi());
        j.put("per_filter_osi", Arrays.stream(r.osi()).map(v -> Math.round(v * 1e4) / 1e4).boxed().toList());
        j.put("preferred_angle_deg", r.filters().stream().map(OrientationProbe.Tuning::preferredAngle).toList());
        return j;
    }

    /** ||trained − init|| / ||init||: how far training moved the kernels. */
    static double relativeChange(Tensor trained, Tensor init) {
        float[] a = trained.detach().contiguous().toFloatArray(), b = init.detach().contiguous().toFloatArray();
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (double) (a[i] - b[i]);
            den += b[i] * (double) b[i];
        }
        return den == 0 ? Double.NaN : Math.sqrt(num / den);
    }

    /**
     * The cosine between the trained and the initial kernels, taken as one vector: near 1 when the kernels
     * still point along their random start (training added little, or only scaled them), near 0 when
     * what training put there has replaced it.
     */
    static double initCosine(Tensor trained, Tensor init) {
        float[] a = trained.detach().contiguous().toFloatArray(), b = init.detach().contiguous().toFloatArray();
        double dot = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * (double) b[i];
            aa += a[i] * (double) a[i];
            bb += b[i] * (double) b[i];
        }
        return aa == 0 || bb == 0 ? Double.NaN : dot / Math.sqrt(aa * bb);
    }

    /**
     * Compares the trained layer's count of selective kernels with {@link #DRAWS} sets of random kernels
     * of the same shape; puts the figures under {@code random_baseline} in {@code json} and returns the
     * sentence for the report, which says plainly when the layer is no more selective than chance.
     * {@code initCosine} is how much of the trained kernels is still their random start ({@link #initCosine}; NaN
     * when the initial kernels are unknown): at 0.8 or more, a layer that is not beyond chance gets that likely
     * reason, and the cure.
     */
    static String compareWithChance(OrientationProbe.Result trained, int[] shape, double initCosine, Map<String, Object> json) {
        double t = OrientationProbe.SELECTIVE;
        int n = trained.filters().size(), count = trained.selective(t);
        int[] chance = OrientationProbe.randomBaseline(shape, DRAWS, t, SEED);
        int[] sorted = chance.clone();
        Arrays.sort(sorted);
        int p05 = sorted[chance.length / 20], p95 = sorted[chance.length * 19 / 20];
        long atLeast = Arrays.stream(chance).filter(c -> c >= count).count();
        double mean = Arrays.stream(chance).average().orElse(0);
        json.put("random_baseline", Map.of("draws", chance.length, "mean_selective", mean, "p05", p05, "p95", p95,
                "fraction_at_least_trained", (double) atLeast / chance.length));
        String verdict;
        if (count > p95) {
            verdict = String.format(Locale.ROOT, "the trained layer is more orientation-selective than chance (%.1f %% of random draws "
                    + "reach %d).", 100.0 * atLeast / chance.length, count);
        } else {
            verdict = String.format(Locale.ROOT, "%.0f %% of random draws reach the trained count, so this layer is not measurably "
                    + "more orientation-selective than random kernels.", 100.0 * atLeast / chance.length);
            if (initCosine >= 0.8) {
                verdict += " These kernels still point mostly along their random start; "
                        + "decoupled weight decay removes it (profundo train --optimizer adamw --weight-decay 1 and more epochs: "
                        + "the Fashion-MNIST CNN then learns edge detectors).";
            }
        }
        return String.format(Locale.ROOT, "Random kernels of the same shape give %.1f of %d on average (90 %% of %d draws "
                + "between %d and %d); %s", mean, n, chance.length, p05, p95, verdict);
    }
}
