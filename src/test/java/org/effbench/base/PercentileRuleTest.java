package org.effbench.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The rule: percentile p is supported when at least 10 samples lie beyond it. */
class PercentileRuleTest {

    /** 10 / (1 - p/100), worked out by hand for each percentile results.csv writes. */
    @Test
    void theFewestSamplesEachPercentileNeeds() {
        assertThat(PercentileRule.minSamples(50)).isEqualTo(20);
        assertThat(PercentileRule.minSamples(90)).isEqualTo(100);
        assertThat(PercentileRule.minSamples(95)).isEqualTo(200);
        assertThat(PercentileRule.minSamples(99)).isEqualTo(1_000);
        assertThat(PercentileRule.minSamples(99.9))
                .as("not 10,001 from 100 - 99.9 in binary")
                .isEqualTo(10_000);
        assertThat(PercentileRule.minSamples(99.99)).isEqualTo(100_000);
        // 10 / 0.03 = 333.3: 334 samples leave 10.02 beyond p97
        assertThat(PercentileRule.minSamples(97)).isEqualTo(334);
    }

    @Test
    void supportedAtTheThresholdAndNotOneSampleBelow() {
        assertThat(PercentileRule.supported(1_000, 99)).isTrue();
        assertThat(PercentileRule.supported(999, 99)).isFalse();
        assertThat(PercentileRule.supported(10_000, 99.9)).isTrue();
        assertThat(PercentileRule.supported(9_999, 99.9)).isFalse();
        assertThat(PercentileRule.supported(20, 50)).isTrue();
        assertThat(PercentileRule.supported(19, 50)).isFalse();
        assertThat(PercentileRule.supported(0, 50)).isFalse();
    }

    @Test
    void theMaximumIsNoPercentileACountSupports() {
        assertThatThrownBy(() -> PercentileRule.minSamples(100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percentile 100.0 is not in [0, 100)");
    }

    @Test
    void aPercentileIsNamedAsTyped() {
        assertThat(PercentileRule.name(99.9)).isEqualTo("p99.9");
        assertThat(PercentileRule.name(50.0)).isEqualTo("p50");
    }
}
