package org.effbench.model.arch;

import static org.effbench.model.arch.Layers.batchNorm;
import static org.effbench.model.arch.Layers.convBnAct;
import static org.effbench.model.arch.Layers.convNoBias;
import static org.effbench.model.arch.Layers.dropout;
import static org.effbench.model.arch.Layers.linear;

import ai.djl.nn.Block;
import org.effbench.model.layers.ActivationBlock;
import org.effbench.model.layers.AdaptiveAvgPool2dBlock;
import org.effbench.model.layers.EagerSequentialBlock;
import org.effbench.model.layers.FlattenBlock;
import org.effbench.model.layers.ResidualAddBlock;

/** torchvision.models.mobilenet_v2 at width 1.0: 3,504,872 parameters. */
public final class MobileNetV2 {

    /** Expansion t, output channels c, repeats n, first stride s: the paper's Table 2. */
    private static final int[][] INVERTED_RESIDUALS = {
        {1, 16, 1, 1},
        {6, 24, 2, 2},
        {6, 32, 3, 2},
        {6, 64, 4, 2},
        {6, 96, 3, 1},
        {6, 160, 3, 2},
        {6, 320, 1, 1}
    };

    private MobileNetV2() {}

    public static Block build(int classes) {
        EagerSequentialBlock features =
                new EagerSequentialBlock().add(convBnAct(32, 3, 2, 1, ActivationBlock.Kind.RELU6));
        int inChannels = 32;
        for (int[] row : INVERTED_RESIDUALS) {
            for (int i = 0; i < row[2]; i++) {
                int stride = i == 0 ? row[3] : 1;
                features.add(invertedResidual(inChannels, row[1], stride, row[0]));
                inChannels = row[1];
            }
        }
        features.add(convBnAct(1280, 1, 1, 1, ActivationBlock.Kind.RELU6));
        return new EagerSequentialBlock()
                .add(features)
                .add(new AdaptiveAvgPool2dBlock(1, 1))
                .add(new FlattenBlock())
                .add(new EagerSequentialBlock().add(dropout(0.2f)).add(linear(classes)));
    }

    private static Block invertedResidual(int in, int out, int stride, int expansion) {
        int hidden = Math.round(in * (float) expansion);
        EagerSequentialBlock body = new EagerSequentialBlock();
        if (expansion != 1) {
            body.add(convBnAct(hidden, 1, 1, 1, ActivationBlock.Kind.RELU6));
        }
        body.add(convBnAct(hidden, 3, stride, hidden, ActivationBlock.Kind.RELU6)) // depthwise
                .add(convNoBias(out, 1, 1, 0))
                .add(batchNorm());
        return stride == 1 && in == out ? new ResidualAddBlock(body) : body;
    }
}
