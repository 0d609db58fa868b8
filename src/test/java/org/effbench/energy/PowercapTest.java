package org.effbench.energy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fake /sys/class/powercap tree: two packages, one sub-zone that must not be counted twice. */
class PowercapTest {

    @TempDir Path root;

    @Test
    void sumsTopLevelZonesAndHandlesACounterWrap() throws Exception {
        zone("intel-rapl:0", 1_000_000, 10_000_000);
        zone("intel-rapl:1", 9_500_000, 10_000_000);
        zone("intel-rapl:0:0", 123, 10_000_000); // a core sub-zone, part of package 0
        Powercap powercap = new Powercap(root);
        Powercap.Reading before = powercap.read().orElseThrow();

        zone("intel-rapl:0", 3_500_000, 10_000_000); // +2.5 J
        zone("intel-rapl:1", 500_000, 10_000_000); // wrapped: +1.0 J
        Powercap.Reading after = powercap.read().orElseThrow();

        assertThat(before.microjoules()).hasSize(2);
        assertThat(Powercap.joulesBetween(before, after)).isEqualTo(3.5);
    }

    @Test
    void noTreeOrAnUnreadableCounterMeansNoReading() throws Exception {
        assertThat(new Powercap(root.resolve("absent")).read()).isEmpty();
        Files.createDirectories(root.resolve("intel-rapl:0"));
        Files.writeString(root.resolve("intel-rapl:0/energy_uj"), "not a number");
        assertThat(new Powercap(root).read()).isEmpty();
    }

    @Test
    void theEnergyTableIsAParameterFile() {
        EnergyTable t = EnergyTable.horowitz45nm();
        assertThat(t.source()).isEqualTo("Horowitz, ISSCC 2014, 45 nm");
        assertThat(t.macPicojoules(org.effbench.base.Dtype.FP32)).isEqualTo(3.7 + 0.9);
        assertThat(t.dramPicojoulesPerByte()).isEqualTo(160.0);
        // 1e6 fp32 MACs (4.6 uJ) and 1e6 DRAM bytes (160 uJ): memory dominates
        assertThat(t.joules(1_000_000, 1_000_000, org.effbench.base.Dtype.FP32))
                .isCloseTo(164.6e-6, org.assertj.core.data.Offset.offset(1e-12));
    }

    private void zone(String name, long energy, long range) throws Exception {
        Path zone = Files.createDirectories(root.resolve(name));
        Files.writeString(zone.resolve("energy_uj"), energy + "\n");
        Files.writeString(zone.resolve("max_energy_range_uj"), range + "\n");
    }
}
