package org.effbench.model.arch;

import static org.effbench.model.arch.Layers.convBias;
import static org.effbench.model.arch.Layers.dropout;
import static org.effbench.model.arch.Layers.linear;
import static org.effbench.model.arch.Layers.maxPool;
import static org.effbench.model.arch.Layers.relu;

import ai.djl.nn.Block;
import org.effbench.model.layers.AdaptiveAvgPool2dBlock;
import org.effbench.model.layers.EagerSequentialBlock;
import org.effbench.model.layers.FlattenBlock;

/** torchvision.models.vgg16 (configuration "D", no BatchNorm): 138,357,544 parameters. */
public final class Vgg {

    /** Channels of each 3x3 convolution; 0 marks a 2x2 max pool. */
    private static final int[] VGG16 = {
        64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0
    };

    private Vgg() {}

    public static Block vgg16(int classes) {
        EagerSequentialBlock features = new EagerSequentialBlock();
        for (int channels : VGG16) {
            if (channels == 0) {
                features.add(maxPool(2, 2, 0, false));
            } else {
                features.add(convBias(channels, 3, 1, 1)).add(relu());
            }
        }
        EagerSequentialBlock classifier =
                new EagerSequentialBlock()
                        .add(linear(4096))
                        .add(relu())
                        .add(dropout(0.5f))
                        .add(linear(4096))
                        .add(relu())
                        .add(dropout(0.5f))
                        .add(linear(classes));
        return new EagerSequentialBlock()
                .add(features)
                .add(new AdaptiveAvgPool2dBlock(7, 7))
                .add(new FlattenBlock())
                .add(classifier);
    }
}
