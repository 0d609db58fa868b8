package org.effbench.model.arch;

import static org.effbench.model.arch.Layers.linear;
import static org.effbench.model.arch.Layers.relu;

import ai.djl.nn.Block;
import org.effbench.model.layers.EagerSequentialBlock;

/** A small multi-layer perceptron for fast tests: 784 -> 512 -> 512 -> 10, 669,706 parameters. */
public final class Mlp {

    private Mlp() {}

    public static Block build() {
        return new EagerSequentialBlock()
                .add(linear(512))
                .add(relu())
                .add(linear(512))
                .add(relu())
                .add(linear(10));
    }
}
