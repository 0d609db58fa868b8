package org.effbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Hand-worked: two samples of three outputs each. */
class OutputDeviationTest {

    @Test
    void differencesAndTop1AreCountedPerSample() {
        float[] reference = {1, 3, 2, -1, 0, 4};
        float[] model = {1, 2, 3.5f, -1, 0, 4.25f};
        OutputDeviation d = OutputDeviation.NONE.add(reference, model, 2);
        // |diff|: 0, 1, 1.5, 0, 0, 0.25; top-1: sample 1 index 1 vs 2, sample 2 index 2 vs 2
        assertThat(d.samples()).isEqualTo(2);
        assertThat(d.maxAbsDiff()).isEqualTo(1.5);
        assertThat(d.meanAbsDiff()).isEqualTo(2.75 / 6);
        assertThat(d.meanAbsReference()).isEqualTo(11.0 / 6);
        assertThat(d.top1Agree()).isEqualTo(1);
        assertThat(d.top1Agreement()).isEqualTo(0.5);
        assertThat(d.referenceTop1()).containsExactlyInAnyOrder(1, 2);
        OutputDeviation more = d.add(new float[] {5, 6, 7}, new float[] {5, 6, 7}, 1);
        assertThat(more.samples()).isEqualTo(3);
        assertThat(more.maxAbsDiff()).isEqualTo(1.5);
        assertThat(more.top1Agree()).isEqualTo(2);
        assertThat(more.referenceTop1()).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void aNanIsNotHiddenAndSizesMustMatch() {
        OutputDeviation d =
                OutputDeviation.NONE.add(new float[] {1, 2}, new float[] {Float.NaN, 2}, 1);
        assertThat(d.maxAbsDiff()).isNaN();
        assertThatThrownBy(() -> OutputDeviation.NONE.add(new float[] {1, 2}, new float[] {1}, 1))
                .hasMessage(
                        "the outputs differ in size: the reference gives 2 values, the model 1");
        assertThatThrownBy(() -> OutputDeviation.NONE.add(new float[] {1, 2, 3}, new float[3], 2))
                .hasMessage("an output of 3 values is not 2 samples");
    }
}
