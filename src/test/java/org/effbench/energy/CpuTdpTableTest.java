package org.effbench.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The TDP table and the order an estimate is resolved in; the figures are the vendors' (AMD's
 * server processor specifications, Intel ARK) as the table's rows cite them.
 */
class CpuTdpTableTest {

    private static final CpuTdpTable TABLE = CpuTdpTable.load();

    /** This project's machines: a VM whose /proc/cpuinfo hides the SKU. */
    private static final CpuIdentity HIDDEN_GENOA =
            new CpuIdentity("AMD EPYC", "AuthenticAMD", 25, 17);

    @Test
    void theShippedTableIsConsistent() {
        // load() checks every SKU's family has a row and every family a SKU
        assertThat(TABLE.sku("AMD EPYC 9654")).isPresent();
        assertThat(TABLE.family(HIDDEN_GENOA)).isPresent();
    }

    /** AMD: EPYC 9654, default TDP 360 W, 96 cores, 192 threads. */
    @Test
    void anExactModelIsItsTdpOverPhysicalCores() {
        PowerEstimate p =
                TABLE.resolve(
                        Optional.empty(),
                        Optional.of(
                                new CpuIdentity(
                                        "AMD EPYC 9654 96-Core Processor",
                                        "AuthenticAMD",
                                        25,
                                        17)));
        assertThat(p.source()).isEqualTo(PowerEstimate.Source.MODEL_TDP);
        assertThat(p.wattsPerCore()).isEqualTo(3.75);
        assertThat(p.label(2))
                .isEqualTo(
                        "estimated: 3.75 W/core x 2 cores (AMD EPYC 9654 TDP 360 W / 96 cores (192"
                                + " threads), per physical core;"
                                + " amd.com/en/products/specifications/server-processor.html)");
    }

    /** Intel ARK: Xeon Platinum 8380, TDP 270 W, 40 cores; the name as Linux writes it. */
    @Test
    void anIntelNameMatchesWithoutTrademarksAndClock() {
        PowerEstimate p =
                TABLE.resolve(
                        Optional.empty(),
                        Optional.of(
                                new CpuIdentity(
                                        "Intel(R) Xeon(R) Platinum 8380 CPU @ 2.30GHz",
                                        "GenuineIntel",
                                        6,
                                        106)));
        assertThat(p.source()).isEqualTo(PowerEstimate.Source.MODEL_TDP);
        assertThat(p.wattsPerCore()).isEqualTo(270.0 / 40);
        assertThat(p.basis()).contains("ark.intel.com");
    }

    /**
     * Family 25 model 17 is EPYC 9004 Genoa/Genoa-X: its 21 SKUs run from EPYC 9634 (290 W / 84
     * cores = 3.45 W) to EPYC 9174F and 9184X (320 W / 16 cores = 20 W); sorted, the 11th is EPYC
     * 9474F, 360 W / 48 cores = 7.5 W (AMD's figures; Bergamo, model 160, is not in the family).
     */
    @Test
    void aHiddenSkuGetsItsFamilysMedianAndRange() {
        PowerEstimate p = TABLE.resolve(Optional.empty(), Optional.of(HIDDEN_GENOA));
        assertThat(p.source()).isEqualTo(PowerEstimate.Source.FAMILY_TDP);
        assertThat(p.wattsPerCore()).isEqualTo(7.5);
        assertThat(p.label(2))
                .isEqualTo(
                        "estimated: 7.50 W/core x 2 cores (AuthenticAMD family 25 model 17 = EPYC"
                                + " 9004 Genoa/Genoa-X, SKU hidden ('AMD EPYC'): TDP/core 3.45 to"
                                + " 20.00 W over its 21 SKUs, median; set --watts-per-core to use"
                                + " yours)");
        CpuTdpTable.Family genoa = TABLE.family(HIDDEN_GENOA).orElseThrow();
        assertThat(genoa.members()).hasSize(21).noneMatch(s -> s.model().contains("9754"));
        assertThat(genoa.wattsPerCore()[0]).isCloseTo(290.0 / 84, within(1e-12));
    }

    /** A cloud-only SKU (AWS's EPYC 9R14) is not in AMD's table: its family is. */
    @Test
    void anUnlistedSkuOfAKnownFamilySaysItIsNotInTheTable() {
        PowerEstimate p =
                TABLE.resolve(
                        Optional.empty(),
                        Optional.of(
                                new CpuIdentity(
                                        "AMD EPYC 9R14 96-Core Processor",
                                        "AuthenticAMD",
                                        25,
                                        17)));
        assertThat(p.source()).isEqualTo(PowerEstimate.Source.FAMILY_TDP);
        assertThat(p.basis()).contains("SKU 'AMD EPYC 9R14 96-Core Processor' not in the table");
    }

    /** A Threadripper sharing an EPYC family's numbers is not taken for the EPYC. */
    @Test
    void theFamilyRowNeedsItsNamePrefix() {
        assertThat(
                        TABLE.family(
                                new CpuIdentity(
                                        "AMD Ryzen Threadripper 7980X 64-Cores",
                                        "AuthenticAMD",
                                        25,
                                        17)))
                .isEmpty();
    }

    @Test
    void anUnknownCpuHasNoFigureAndSaysHowToGiveOne() {
        PowerEstimate p =
                TABLE.resolve(
                        Optional.empty(),
                        Optional.of(new CpuIdentity("Mystery CPU 1", "GenuineIntel", 6, 999)));
        assertThat(p.known()).isFalse();
        assertThat(p.joulesPerSample(2, 1000)).isNaN();
        assertThat(p.label(2))
                .isEqualTo(
                        "none: CPU 'Mystery CPU 1' (GenuineIntel family 6 model 999) is in neither"
                                + " the TDP table (energy/cpu-tdp.csv) nor its families"
                                + " (energy/cpu-families.csv); give --watts-per-core W (package"
                                + " watts per busy core) for an estimate");
    }

    @Test
    void aMachineJsonWithoutTheCpuidIdentityCannotReachAFamily() {
        PowerEstimate p =
                TABLE.resolve(
                        Optional.empty(), Optional.of(new CpuIdentity("AMD EPYC", "", 0, -1)));
        assertThat(p.known()).isFalse();
        assertThat(p.basis()).contains("'AMD EPYC' (CPU family and model not recorded)");
        assertThat(TABLE.resolve(Optional.empty(), Optional.empty()).basis())
                .startsWith("the run has no machine.json to name its CPU");
    }

    @Test
    void theUsersFigureComesFirst() {
        PowerEstimate p = TABLE.resolve(Optional.of(5.5), Optional.of(HIDDEN_GENOA));
        assertThat(p.source()).isEqualTo(PowerEstimate.Source.GIVEN);
        assertThat(p.label(1))
                .isEqualTo("estimated: 5.50 W/core x 1 core (--watts-per-core 5.5, given)");
        // 5.5 W x 2 cores / 1,000 samples/s = 11 mJ per sample
        assertThat(PowerEstimate.given(5.5).joulesPerSample(2, 1000))
                .isCloseTo(0.011, within(1e-15));
    }

    @Test
    void namesAreCleanedOfTrademarksClocksAndCoreCounts() {
        assertThat(CpuTdpTable.clean("AMD EPYC 7763 64-Core Processor")).isEqualTo("amd epyc 7763");
        assertThat(CpuTdpTable.clean("Intel(R) Core(TM) i9-10900K CPU @ 3.70GHz"))
                .isEqualTo("intel core i9-10900k");
        assertThat(CpuTdpTable.clean("AMD Ryzen™ 9 7950X")).isEqualTo("amd ryzen 9 7950x");
    }

    @Test
    void aMalformedTableIsRefusedNamingWhat() {
        String header = "model,tdp_w,cores,threads,family,source\n";
        String families = "family,vendor_id,cpu_family,models,name_prefix,label,source\n";
        assertThatThrownBy(
                        () ->
                                CpuTdpTable.read(
                                        new StringReader(header + "X 1,100,8,,nowhere,s\n"),
                                        new StringReader(families)))
                .hasMessageContaining("names families with no row")
                .hasMessageContaining("nowhere");
        assertThatThrownBy(
                        () ->
                                CpuTdpTable.read(
                                        new StringReader(header + "X 1,100,0,,,s\n"),
                                        new StringReader(families)))
                .hasMessage("line 1: cores '0' is not a positive number");
        assertThatThrownBy(
                        () ->
                                CpuTdpTable.read(
                                        new StringReader(
                                                header + "X 1,100,8,,,s\nX(R) 1,90,8,,,s\n"),
                                        new StringReader(families)))
                .hasMessageContaining("lists X(R) 1 twice");
    }
}
