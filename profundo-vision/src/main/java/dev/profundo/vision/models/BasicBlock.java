package dev.profundo.vision.models;

import dev.profundo.nn.BatchNorm2d;
import dev.profundo.nn.Conv2d;
import dev.profundo.nn.F;
import dev.profundo.nn.Layer;
import dev.profundo.tensor.Tensor;

/**
 * The residual block of ResNet (He et al., 2015): two 3x3 convolutions with batch norm and a skip
 * connection, {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))}. The ReLUs run fused with
 * the batch norm and the addition before them ({@link BatchNorm2d#callRelu}, {@link F#addRelu}). When the block changes
 * the channel count or the resolution, the shortcut is a strided 1x1 convolution with batch norm.
 */
public final class BasicBlock extends Layer {
    private final Conv2d conv1, conv2;
    private final BatchNorm2d bn1, bn2;
    private final Conv2d shortcutConv;
    private final BatchNorm2d shortcutBn;
    private final int in, out, stride;

    /** A block from {@code in} to {@code out} channels, downsampling by {@code stride} (1 or 2). */
    public BasicBlock(int in, int out, int stride) {
        this.in = in;
        this.out = out;
        this.stride = stride;
        // No conv bias: the batch norm that follows has its own shift.
        conv1 = registerLayer("conv1", new Conv2d(in, out, 3, 3, stride, stride, 1, 1, 1, 1, 1, false));
        bn1 = registerLayer("bn1", new BatchNorm2d(out));
        conv2 = registerLayer("conv2", new Conv2d(out, out, 3, 3, 1, 1, 1, 1, 1, 1, 1, false));
        bn2 = registerLayer("bn2", new BatchNorm2d(out));
        if (stride != 1 || in != out) {
            shortcutConv = registerLayer("shortcut_conv", new Conv2d(in, out, 1, 1, stride, stride, 0, 0, 1, 1, 1, false));
            shortcutBn = registerLayer("shortcut_bn", new BatchNorm2d(out));
        } else {
            shortcutConv = null;
            shortcutBn = null;
        }
    }

    @Override
    public Tensor forward(Tensor x) {                                    // x: (B, in, H, W)
        Tensor h = bn1.callRelu(conv1.call(x));                          //  → (B, out, H/s, W/s)
        h = bn2.call(conv2.call(h));                                     //  → (B, out, H/s, W/s)
        Tensor skip = shortcutConv == null ? x : shortcutBn.call(shortcutConv.call(x));
        return F.addRelu(h, skip);                                       // relu(h + skip), one pass each way
    }

    @Override
    public String describe() {
        return "BasicBlock(" + in + " -> " + out + (stride != 1 ? ", stride " + stride : "") + ")";
    }
}
