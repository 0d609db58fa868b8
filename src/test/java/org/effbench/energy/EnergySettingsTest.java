package org.effbench.energy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order a run's energy settings come from: given now, recorded, the run's own CPU. */
class EnergySettingsTest {

    private static final CpuTdpTable TABLE = CpuTdpTable.load();
    private static final Optional<CpuIdentity> GENOA =
            Optional.of(new CpuIdentity("AMD EPYC", "AuthenticAMD", 25, 17));

    private static EnergySettings resolve(
            EnergySettings.Given given, Optional<EnergySettings> recorded) {
        return EnergySettings.resolve(given, recorded, GENOA, TABLE);
    }

    @Test
    void nothingGivenNorRecordedTakesTheRunsCpuAndTheDefaultGrid() {
        EnergySettings s = resolve(EnergySettings.Given.NOTHING, Optional.empty());
        assertThat(s.power().source()).isEqualTo(PowerEstimate.Source.FAMILY_TDP);
        assertThat(s.grid()).isEqualTo(GridIntensity.DEFAULT);
    }

    @Test
    void aRecordedFigureIsKeptUntilAnotherIsGiven() {
        EnergySettings recorded =
                new EnergySettings(PowerEstimate.given(9), GridIntensity.given(100));
        assertThat(resolve(EnergySettings.Given.NOTHING, Optional.of(recorded)))
                .isEqualTo(recorded);

        EnergySettings now =
                resolve(
                        new EnergySettings.Given(Optional.of(3.0), Optional.of(20.0)),
                        Optional.of(recorded));
        assertThat(now.power()).isEqualTo(PowerEstimate.given(3));
        assertThat(now.grid()).isEqualTo(GridIntensity.given(20));
    }

    @Test
    void aRecordedNoneIsResolvedAgain() {
        EnergySettings recorded =
                new EnergySettings(PowerEstimate.none("no CPU"), GridIntensity.DEFAULT);
        assertThat(resolve(EnergySettings.Given.NOTHING, Optional.of(recorded)).power().source())
                .isEqualTo(PowerEstimate.Source.FAMILY_TDP);
    }

    @Test
    void roundTripsThroughEnergyJson(@TempDir Path dir) throws Exception {
        EnergySettings s = resolve(EnergySettings.Given.NOTHING, Optional.empty());
        Path file = dir.resolve(EnergySettings.FILE);
        Files.writeString(file, s.toJson());
        assertThat(EnergySettings.read(file)).isEqualTo(s);
        EnergySettings none =
                new EnergySettings(PowerEstimate.none("no CPU"), GridIntensity.given(0));
        Files.writeString(file, none.toJson());
        assertThat(EnergySettings.read(file)).isEqualTo(none);
    }
}
