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

/** torchvision.models.alexnet: 61,100,840 parameters. */
public final class AlexNet {

    private AlexNet() {}

    public static Block build(int classes) {
        EagerSequentialBlock features =
                new EagerSequentialBlock()
                        .add(convBias(64, 11, 4, 2))
                        .add(relu())
                        .add(maxPool(3, 2, 0, false))
                        .add(convBias(192, 5, 1, 2))
                        .add(relu())
                        .add(maxPool(3, 2, 0, false))
                        .add(convBias(384, 3, 1, 1))
                        .add(relu())
                        .add(convBias(256, 3, 1, 1))
                        .add(relu())
                        .add(convBias(256, 3, 1, 1))
                        .add(relu())
                        .add(maxPool(3, 2, 0, false));
        EagerSequentialBlock classifier =
                new EagerSequentialBlock()
                        .add(dropout(0.5f))
                        .add(linear(4096))
                        .add(relu())
                        .add(dropout(0.5f))
                        .add(linear(4096))
                        .add(relu())
                        .add(linear(classes));
        return new EagerSequentialBlock()
                .add(features)
                .add(new AdaptiveAvgPool2dBlock(6, 6))
                .add(new FlattenBlock())
                .add(classifier);
    }
}
