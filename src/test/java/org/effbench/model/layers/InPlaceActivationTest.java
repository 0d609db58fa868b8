package org.effbench.model.layers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An in-place activation never overwrites memory its caller still owns. */
class InPlaceActivationTest {

    @Test
    void aSequenceRefusesAnInPlaceActivationAsItsFirstLayer() {
        assertThatThrownBy(
                        () ->
                                new EagerSequentialBlock()
                                        .add(ActivationBlock.inPlace(ActivationBlock.Kind.RELU)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("first layer of a sequence");
    }

    @Test
    void onlyReluAndRelu6HaveAnInPlaceForm() {
        assertThatThrownBy(() -> ActivationBlock.inPlace(ActivationBlock.Kind.GELU))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GELU has no in-place form");
    }
}
