package org.effbench.model.arch;

import static org.effbench.model.arch.Layers.linear;

import ai.djl.nn.Block;
import ai.djl.nn.norm.LayerNorm;
import org.effbench.model.layers.ActivationBlock;
import org.effbench.model.layers.BertEmbeddingsBlock;
import org.effbench.model.layers.EagerSequentialBlock;
import org.effbench.model.layers.ResidualAddBlock;
import org.effbench.model.layers.SelectTokenBlock;
import org.effbench.model.layers.SelfAttentionBlock;

/**
 * A BERT-base encoder as Hugging Face's BertModel (post-LayerNorm, exact GELU, with the pooler):
 * 109,482,240 parameters for bert-base-uncased's 30,522-token vocabulary.
 */
public final class Bert {

    public static final int VOCABULARY = 30_522;
    public static final int MAX_POSITIONS = 512;
    private static final int HIDDEN = 768;
    private static final int LAYERS = 12;
    private static final int HEADS = 12;
    private static final int FEED_FORWARD = 3072;

    private Bert() {}

    public static Block base() {
        EagerSequentialBlock net =
                new EagerSequentialBlock()
                        .add(new BertEmbeddingsBlock(VOCABULARY, MAX_POSITIONS, 2, HIDDEN));
        for (int i = 0; i < LAYERS; i++) {
            net.add(encoderLayer());
        }
        // The pooler: tanh(Linear(hidden of the [CLS] token)).
        return net.add(
                new EagerSequentialBlock()
                        .add(new SelectTokenBlock(0))
                        .add(linear(HIDDEN))
                        .add(new ActivationBlock(ActivationBlock.Kind.TANH)));
    }

    private static Block encoderLayer() {
        Block feedForward =
                new EagerSequentialBlock()
                        .add(linear(FEED_FORWARD))
                        .add(new ActivationBlock(ActivationBlock.Kind.GELU))
                        .add(linear(HIDDEN));
        return new EagerSequentialBlock()
                .add(new ResidualAddBlock(new SelfAttentionBlock(HIDDEN, HEADS)))
                .add(layerNorm())
                .add(new ResidualAddBlock(feedForward))
                .add(layerNorm());
    }

    private static LayerNorm layerNorm() {
        return LayerNorm.builder().axis(2).optEpsilon(1e-12f).build();
    }
}
