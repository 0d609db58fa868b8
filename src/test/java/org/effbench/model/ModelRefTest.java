package org.effbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** One model is one text wherever it was named, whatever its case. */
class ModelRefTest {

    @Test
    void zooModelsAreCanonicalWhoeverMadeTheReference() {
        assertThat(ModelRef.parse("Resnet50", null).model()).isEqualTo("resnet50");
        assertThat(new ModelRef("Resnet50", "")).isEqualTo(new ModelRef("resnet50", ""));
        assertThat(new ModelRef(" ResNet50 ", "").model()).isEqualTo("resnet50");
        assertThat(new ModelRef("BERT_BASE:SEQ=256", "").model()).isEqualTo("bert_base:seq=256");
        assertThat(new ModelRef("bert_base:seq=128", "").model())
                .as("the default sequence length is the model itself")
                .isEqualTo("bert_base");
        assertThat(new ModelRef("Vit_B_16", "").model())
                .as("a name the zoo does not know (a peer's) is only lower-cased")
                .isEqualTo("vit_b_16");
    }

    @Test
    void aFileModelKeepsItsPathAsGiven() {
        assertThat(new ModelRef("file:My_Model.pt", "1x8:float32").model())
                .isEqualTo("file:My_Model.pt");
    }

    @Test
    void anUnknownZooModelIsStillRejectedAtParse() {
        assertThatThrownBy(() -> ModelRef.parse("ResNet51", null))
                .hasMessageStartingWith("unknown model 'ResNet51'; known models: alexnet");
    }

    @Test
    void modelSpecReadsAnyCase() {
        assertThat(ModelSpec.parse("MobileNet_V2").toString()).isEqualTo("mobilenet_v2");
        assertThat(ModelSpec.parse("LSTM:Seq=8").toString()).isEqualTo("lstm:seq=8");
    }
}
