package org.effbench.model.arch;

import ai.djl.nn.Block;
import ai.djl.nn.recurrent.LSTM;
import org.effbench.model.layers.EagerSequentialBlock;

/**
 * Recurrent models: a stacked LSTM as torch.nn.LSTM(batch_first=True), with both biases per gate.
 */
public final class Recurrent {

    private Recurrent() {}

    public static Block lstm(int hidden, int layers) {
        return new EagerSequentialBlock()
                .add(
                        LSTM.builder()
                                .setStateSize(hidden)
                                .setNumLayers(layers)
                                .optBatchFirst(true)
                                .build());
    }
}
