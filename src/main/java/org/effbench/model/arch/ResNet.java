package org.effbench.model.arch;

import static org.effbench.model.arch.Layers.batchNorm;
import static org.effbench.model.arch.Layers.convNoBias;
import static org.effbench.model.arch.Layers.linear;
import static org.effbench.model.arch.Layers.maxPool;
import static org.effbench.model.arch.Layers.relu;

import ai.djl.nn.Block;
import org.effbench.model.layers.AdaptiveAvgPool2dBlock;
import org.effbench.model.layers.EagerSequentialBlock;
import org.effbench.model.layers.FlattenBlock;
import org.effbench.model.layers.ResidualAddBlock;

/**
 * torchvision's ResNet v1.5 (the stride sits on the 3x3 convolution of a bottleneck): ResNet-18 has
 * 11,689,512 parameters, ResNet-50 25,557,032.
 */
public final class ResNet {

    private ResNet() {}

    public static Block resnet18(int classes) {
        return build(new int[] {2, 2, 2, 2}, false, classes);
    }

    public static Block resnet50(int classes) {
        return build(new int[] {3, 4, 6, 3}, true, classes);
    }

    private static Block build(int[] blocksPerStage, boolean bottleneck, int classes) {
        int expansion = bottleneck ? 4 : 1;
        EagerSequentialBlock net =
                new EagerSequentialBlock()
                        .add(convNoBias(64, 7, 2, 3))
                        .add(batchNorm())
                        .add(relu())
                        .add(maxPool(3, 2, 1, false));
        int inChannels = 64;
        for (int stage = 0; stage < blocksPerStage.length; stage++) {
            int width = 64 << stage;
            EagerSequentialBlock layer = new EagerSequentialBlock();
            for (int i = 0; i < blocksPerStage[stage]; i++) {
                int stride = (stage > 0 && i == 0) ? 2 : 1;
                int outChannels = width * expansion;
                Block body =
                        bottleneck
                                ? bottleneckBody(width, outChannels, stride)
                                : basicBody(width, stride);
                Block shortcut =
                        (stride != 1 || inChannels != outChannels)
                                ? new EagerSequentialBlock()
                                        .add(convNoBias(outChannels, 1, stride, 0))
                                        .add(batchNorm())
                                : null;
                layer.add(
                        new EagerSequentialBlock()
                                .add(new ResidualAddBlock(body, shortcut))
                                .add(relu()));
                inChannels = outChannels;
            }
            net.add(layer);
        }
        return net.add(new AdaptiveAvgPool2dBlock(1, 1))
                .add(new FlattenBlock())
                .add(linear(classes));
    }

    private static Block basicBody(int width, int stride) {
        return new EagerSequentialBlock()
                .add(convNoBias(width, 3, stride, 1))
                .add(batchNorm())
                .add(relu())
                .add(convNoBias(width, 3, 1, 1))
                .add(batchNorm());
    }

    private static Block bottleneckBody(int width, int outChannels, int stride) {
        return new EagerSequentialBlock()
                .add(convNoBias(width, 1, 1, 0))
                .add(batchNorm())
                .add(relu())
                .add(convNoBias(width, 3, stride, 1))
                .add(batchNorm())
                .add(relu())
                .add(convNoBias(outChannels, 1, 1, 0))
                .add(batchNorm());
    }
}
