package org.effbench.model.arch;

import static org.effbench.model.arch.Layers.convBias;
import static org.effbench.model.arch.Layers.dropout;
import static org.effbench.model.arch.Layers.maxPool;
import static org.effbench.model.arch.Layers.relu;

import ai.djl.nn.Block;
import java.util.List;
import org.effbench.model.layers.AdaptiveAvgPool2dBlock;
import org.effbench.model.layers.ConcatBlock;
import org.effbench.model.layers.EagerSequentialBlock;
import org.effbench.model.layers.FlattenBlock;

/** torchvision.models.squeezenet1_1: 1,235,496 parameters. */
public final class SqueezeNet {

    private SqueezeNet() {}

    public static Block v11(int classes) {
        EagerSequentialBlock features =
                new EagerSequentialBlock()
                        .add(convBias(64, 3, 2, 0))
                        .add(relu())
                        .add(maxPool(3, 2, 0, true))
                        .add(fire(16, 64, 64))
                        .add(fire(16, 64, 64))
                        .add(maxPool(3, 2, 0, true))
                        .add(fire(32, 128, 128))
                        .add(fire(32, 128, 128))
                        .add(maxPool(3, 2, 0, true))
                        .add(fire(48, 192, 192))
                        .add(fire(48, 192, 192))
                        .add(fire(64, 256, 256))
                        .add(fire(64, 256, 256));
        EagerSequentialBlock classifier =
                new EagerSequentialBlock()
                        .add(dropout(0.5f))
                        .add(convBias(classes, 1, 1, 0))
                        .add(relu())
                        .add(new AdaptiveAvgPool2dBlock(1, 1));
        return new EagerSequentialBlock().add(features).add(classifier).add(new FlattenBlock());
    }

    /** A Fire module: squeeze to few 1x1 channels, then expand with 1x1 and 3x3 side by side. */
    private static Block fire(int squeeze, int expand1x1, int expand3x3) {
        Block left = new EagerSequentialBlock().add(convBias(expand1x1, 1, 1, 0)).add(relu());
        Block right = new EagerSequentialBlock().add(convBias(expand3x3, 3, 1, 1)).add(relu());
        return new EagerSequentialBlock()
                .add(convBias(squeeze, 1, 1, 0))
                .add(relu())
                .add(new ConcatBlock(1, List.of(left, right)));
    }
}
