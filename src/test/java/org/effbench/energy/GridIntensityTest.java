package org.effbench.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GridIntensityTest {

    /**
     * By hand: 0.36 J per sample x 1,000 samples = 360 J = 360 / 3.6e6 kWh = 1e-4 kWh; at 475 g
     * CO2e/kWh that is 0.0475 g.
     */
    @Test
    void co2Per1000SamplesFromJoulesPerSample() {
        assertThat(GridIntensity.DEFAULT.gramsPer1000Samples(0.36))
                .isCloseTo(0.0475, within(1e-15));
        assertThat(GridIntensity.given(0).gramsPer1000Samples(0.36)).isZero();
    }

    /** codecarbon's world_average, 475 g CO2e/kWh from the IEA, and its default PUE of 1.0. */
    @Test
    void theDefaultIsCodecarbonsWorldAverageAndSaysSo() {
        assertThat(GridIntensity.DEFAULT.gramsPerKwh()).isEqualTo(475);
        assertThat(GridIntensity.DEFAULT.label())
                .isEqualTo(
                        "475 g CO2e/kWh, codecarbon's world-average fallback (IEA, Global Energy &"
                                + " CO2 Status Report 2019); set --grid-intensity for your grid; no"
                                + " PUE (codecarbon's default 1.0)");
        assertThat(GridIntensity.given(56.5).label())
                .startsWith("56.5 g CO2e/kWh, --grid-intensity 56.5, given;");
    }
}
