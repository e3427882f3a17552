package dev.profundo.cli.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WorkloadsTest {
    private static List<String> names(String... patterns) {
        return Workloads.select(List.of(patterns)).stream().map(Workload::name).toList();
    }

    @Test
    void aPrefixSelectsAtUnderscoreBoundariesOnly() {
        assertEquals(List.of("gemm_nt_128x784x256", "gemm_nt_128x3136x128"), names("gemm_nt"));
        assertEquals(List.of("cnn_infer_b1", "cnn_infer_b256"), names("cnn_infer"));
        assertEquals(List.of("cnn_infer_b1"), names("cnn_infer_b1"));
    }

    @Test
    void aGlobMatchesWholeNamesAndResultsKeepRegistryOrder() {
        assertEquals(List.of("gemm_nn_128x784x256", "gemm_nn_128x3136x128", "gemm_nt_128x784x256", "gemm_nt_128x3136x128"),
                names("gemm_n*_128x*"));
        assertEquals(List.of("cnn_train_b128", "mlp_infer_b1"), names("mlp_infer_b1", "cnn_train_b128"));
    }

    @Test
    void gemmFlopsAreTwoMnk() {
        Workload w = Workloads.select(List.of("gemm_tn_3136x128x128")).getFirst();
        assertEquals(2.0 * 3136 * 128 * 128, w.unitsPerCall());
    }

    @Test
    void noPatternsSelectAllTwentyTwoAndAnUnmatchedOneThrows() {
        assertEquals(22, names().size());
        assertEquals(List.of("fma_peak"), names("fma"));
        assertEquals(List.of("resnet_train_b128"), names("resnet"));
        assertThrows(IllegalArgumentException.class, () -> names("vgg"));
    }

    @Test
    void fmaPeakDoesAFixedNumberOfFlopsPerCallWhateverTheThreads() {
        Workload w = Workloads.select(List.of("fma_peak")).getFirst();
        assertEquals(Metric.GFLOPS, w.metric());
        assertEquals((double) (1L << 21) * dev.profundo.kernels.FmaPeak.FLOPS_PER_ITERATION, w.unitsPerCall());
    }

    @Test
    void medianOfAnEvenSampleCountAveragesTheMiddleTwo() {
        var r = new BenchResult("x", Metric.GFLOPS, 2, new double[] {4, 1, 3, 2}, 0, "c");
        assertEquals(2.5, r.median());
        assertEquals(1, r.min());
        assertEquals(4, r.max());
    }
}
