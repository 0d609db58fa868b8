package org.effbench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FmaPeakBenchmarkTest {

    @Test
    void flopsAreLanesTimesTwoTimesAccumulatorsTimesStepsTimesThreads() {
        // 16 lanes x 2 FLOPs x 12 accumulators x 2^20 steps x 2 threads, by hand
        assertThat(FmaPeakBenchmark.flopsPerInvocation(16, 2)).isEqualTo(805_306_368.0);
        // 8 lanes x 2 x 12 x 1,048,576 x 1
        assertThat(FmaPeakBenchmark.flopsPerInvocation(8, 1)).isEqualTo(201_326_592.0);
    }

    @Test
    void theKernelComputesWhatItCounts() {
        // one step from 0..11: acc = acc x 0.5 + 1; lanes summed: lanes x sum(k x 0.5 + 1)
        int lanes = FmaPeakBenchmark.lanes();
        double perLane = 0;
        for (int k = 0; k < FmaPeakBenchmark.ACCUMULATORS; k++) {
            perLane += k * 0.5 + 1;
        }
        assertThat(FmaPeakBenchmark.kernel(0.5f, 1f, 1)).isEqualTo((float) (lanes * perLane));
        assertThat(lanes).isIn(4, 8, 16);
    }

    @Test
    void accumulatorsConvergeInsteadOfOverflowing() {
        float sum = FmaPeakBenchmark.kernel(0.99999f, 1e-3f, 2_000_000);
        assertThat(sum).isFinite().isPositive();
    }
}
