package org.effbench.base;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void threeSignificantDigitsWithThousandsSeparated() {
        assertThat(Figures.threeDigits(0.096243)).isEqualTo("0.0962");
        assertThat(Figures.threeDigits(3.456)).isEqualTo("3.46");
        assertThat(Figures.threeDigits(17.54)).isEqualTo("17.5");
        assertThat(Figures.threeDigits(175.4)).isEqualTo("175");
        assertThat(Figures.threeDigits(17_541.2)).isEqualTo("17,541");
        assertThat(Figures.threeDigits(-2.5)).isEqualTo("-2.50");
    }
}
