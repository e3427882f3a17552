package dev.profundo.vision.viz;

import dev.profundo.nn.Sequential;
import dev.profundo.vision.models.Cnn;
import dev.profundo.vision.models.InputSpec;
import dev.profundo.vision.models.ResNet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReceptiveFieldTest {
    @Test
    void fashionMnistCnnFieldsGrowThreeFourEightTen() {
        Sequential cnn = Cnn.create(InputSpec.MNIST);
        var rf = ReceptiveField.of(cnn, 28, 28);
        // conv3 → relu → pool2 → conv3 → relu → pool2 → flatten → linear → relu → linear
        assertEquals(List.of(3, 3, 4, 8, 8, 10, 28, 28, 28, 28), rf.stream().map(ReceptiveField.Entry::size).toList());
        assertEquals(List.of(1, 1, 2, 2, 2, 4), rf.subList(0, 6).stream().map(ReceptiveField.Entry::jump).toList());
        assertEquals(List.of(28, 28, 14, 14, 14, 7), rf.subList(0, 6).stream().map(ReceptiveField.Entry::outH).toList());
        assertEquals(-3, rf.get(3).start(), "second conv's first unit starts 3 pixels into the padding");
        assertTrue(rf.get(6).global() && !rf.get(5).global());
    }

    @Test
    void resnetFieldFollowsTheMainPathOfEachBlock() {
        var rf = ReceptiveField.of(ResNet.create(InputSpec.MNIST), 28, 28);
        // stem 3; conv +2 = 5; pool +1 = 6 (jump 2); bn, relu; block +4+4 = 14; conv +4 = 18; pool +2 = 20
        // (jump 4); bn, relu; block +8+8 = 36
        assertEquals(List.of(3, 3, 3, 5, 6, 6, 6, 14, 18, 20, 20, 20, 36), rf.subList(0, 13).stream().map(ReceptiveField.Entry::size).toList());
        assertEquals(List.of(1, 1, 1, 1, 2, 2, 2, 2, 2, 4, 4, 4, 4), rf.subList(0, 13).stream().map(ReceptiveField.Entry::jump).toList());
        assertEquals(7, rf.get(12).outH());
        assertTrue(rf.get(13).global(), "global average pooling sees the whole image");
    }

    @Test
    void stridedResnetFieldGrowsThroughItsStridedBlocks() {
        var rf = ReceptiveField.of(ResNet.strided(InputSpec.MNIST, ResNet.STRIDED_WIDTHS, 1, ResNet.STRIDED_STEM), 28, 28);
        // stem 5; block1 (stride 1) +2+2 = 9; block2 (stride 2) +2, +4 = 15; block3 (stride 2) +4, +8 = 27
        assertEquals(List.of(5, 5, 5, 9, 15, 27), rf.subList(0, 6).stream().map(ReceptiveField.Entry::size).toList());
        assertEquals(List.of(1, 1, 1, 1, 2, 4), rf.subList(0, 6).stream().map(ReceptiveField.Entry::jump).toList());
        assertEquals(7, rf.get(5).outH());
        assertTrue(rf.get(6).global(), "global average pooling sees the whole image");
    }
}
