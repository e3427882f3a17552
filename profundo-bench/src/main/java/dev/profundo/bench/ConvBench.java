package dev.profundo.bench;

import dev.profundo.kernels.Parallel;
import dev.profundo.nn.F;
import dev.profundo.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * conv2d of the benchmark CNN at batch 128 through the public op ({@code F.conv2d}): {@code conv1} 1→32
 * on 28x28, {@code conv2} 32→64 on 14x14, 3x3, padding 1, with bias. {@code forward} counts
 * 2·N·Cout·Cin·9·H·W flops; {@code forwardBackward} three times that (forward, input and weight
 * gradients; conv1's input needs no gradient, as in training, so it counts two).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class ConvBench {
    /** Which convolution of the benchmark CNN. */
    @Param({"conv1", "conv2"})
    public String layer;

    /** Kernel threads. */
    @Param({"2", "1"})
    public int threads;

    private static final int BATCH = 128;
    private Tensor x, weight, bias, gradOut;
    private long forwardFlop;
    private boolean inputGrad;

    /** Builds input, parameters and an output gradient with PyTorch's shapes. */
    @Setup
    public void setup() {
        Tensor.manualSeed(0);
        int cin = layer.equals("conv1") ? 1 : 32;
        int cout = layer.equals("conv1") ? 32 : 64;
        int hw = layer.equals("conv1") ? 28 : 14;
        inputGrad = !layer.equals("conv1");
        x = Tensor.randn(BATCH, cin, hw, hw).requiresGrad(inputGrad);
        weight = Tensor.randn(cout, cin, 3, 3).mul(0.1).detach().requiresGrad(true);
        bias = Tensor.zeros(cout).requiresGrad(true);
        gradOut = Tensor.randn(BATCH, cout, hw, hw);
        forwardFlop = 2L * BATCH * cout * cin * 9 * hw * hw;
        Parallel.setThreads(threads);
    }

    /** y = conv2d(x, w, b) without recording the graph. */
    @Benchmark
    public Tensor forward(Work work) {
        try (var ignored = Tensor.noGrad()) {
            work.flop += forwardFlop;
            return F.conv2d(x, weight, bias, 1, 1);
        }
    }

    /** Forward with the graph, then backward of a fixed output gradient. */
    @Benchmark
    public Tensor forwardBackward(Work work) {
        Tensor y = F.conv2d(x, weight, bias, 1, 1);
        y.backward(gradOut);
        work.flop += forwardFlop * (inputGrad ? 3 : 2);
        return weight.grad();
    }
}
