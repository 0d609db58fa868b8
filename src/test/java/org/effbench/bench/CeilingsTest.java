package org.effbench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.data.Offset;
import org.effbench.Fixtures;
import org.effbench.jmh.JmhJson;
import org.effbench.machine.Ceiling;
import org.junit.jupiter.api.Test;

class CeilingsTest {

    /** ceilings.json: a real run of both ceiling benchmarks at 1 and 2 threads. */
    @Test
    void ceilingsComeFromTheSecondaryMetrics() throws Exception {
        List<Ceiling> ceilings =
                Ceilings.of(JmhJson.parse("c", Fixtures.jmh("ceilings.json")).results());
        assertThat(ceilings).extracting(Ceiling::threads).containsExactly(1, 2);
        assertThat(ceilings.get(0).gemmGflops()).isCloseTo(74.866, Offset.offset(0.001));
        assertThat(ceilings.get(0).gemmMatrixSize()).isEqualTo(512);
        assertThat(ceilings.get(1).memoryGBps()).isCloseTo(76.713, Offset.offset(0.001));
    }

    /** An inference result carries an intraOpThreads parameter too, but is no ceiling. */
    @Test
    void otherBenchmarksMakeNoCeiling() throws Exception {
        assertThat(
                        Ceilings.of(
                                JmhJson.parse("s", Fixtures.jmh("all-modes-2-callers.json"))
                                        .results()))
                .isEmpty();
    }

    /**
     * fma-peak.json: a real run of FmaPeakBenchmark at 1 and 2 threads on a 16-lane (AVX-512)
     * machine; lanes = gflop / (2 x gfma).
     */
    @Test
    void theFmaPeakComesFromItsGflopWithItsLanes() throws Exception {
        List<Ceiling> ceilings =
                Ceilings.of(JmhJson.parse("f", Fixtures.jmh("fma-peak.json")).results());
        assertThat(ceilings).extracting(Ceiling::threads).containsExactly(1, 2);
        Ceiling one = ceilings.get(0);
        assertThat(one.fmaGflops()).isCloseTo(116.862, Offset.offset(0.001));
        assertThat(one.fmaGflopsError()).isCloseTo(12.075, Offset.offset(0.001));
        assertThat(one.fmaLanes()).isEqualTo(16);
        assertThat(one.fmaMethod())
                .contains("FloatVector.fma", "16 fp32 lanes", "12 independent", "1 thread ");
        assertThat(ceilings.get(1).fmaGflops()).isCloseTo(227.803, Offset.offset(0.001));
        assertThat(one.gemmGflops()).isNaN();
    }
}
