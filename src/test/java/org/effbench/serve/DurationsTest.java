package org.effbench.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void unitsAndDecimals() {
        assertThat(Durations.parse("--p99", "100ms", 1)).isEqualTo(100_000_000L);
        assertThat(Durations.parse("--p99", "0.5s", 1)).isEqualTo(500_000_000L);
        assertThat(Durations.parse("--p99", "250us", 1)).isEqualTo(250_000L);
        assertThat(Durations.parse("--max-delay", "0ms", 0)).isZero();
        assertThat(Durations.rate("--rate", "12.5")).isEqualTo(12.5);
    }

    @Test
    void anythingElseInOneLineNamingTheValue() {
        assertThatThrownBy(() -> Durations.parse("--p99", "abc", 1))
                .hasMessage(
                        "--p99 'abc' is not accepted; accepted: a duration such as 100ms, 0.5s or"
                                + " 250us, above 0");
        assertThatThrownBy(() -> Durations.parse("--p99", "100", 1))
                .as("no unit")
                .hasMessageStartingWith("--p99 '100' is not accepted");
        assertThatThrownBy(() -> Durations.parse("--p99", "0ms", 1))
                .hasMessageStartingWith("--p99 '0ms' is not accepted");
        assertThatThrownBy(() -> Durations.parse("--max-delay", "-1ms", 0))
                .hasMessageEndingWith("0 or more");
        assertThatThrownBy(() -> Durations.parse("--p99", "0.1ns", 1))
                .hasMessageStartingWith("--p99 '0.1ns'");
        assertThatThrownBy(() -> Durations.rate("--rate", "0"))
                .hasMessage("--rate '0' is not accepted; accepted: queries per second above 0");
    }
}
