package org.effbench.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.effbench.base.Dtype;
import org.effbench.engine.TorchEngine;
import org.effbench.metrics.LayerOp;
import org.effbench.metrics.MeasuredMemory;
import org.effbench.metrics.ModelProfile;
import org.effbench.metrics.ModelProfiler;
import org.effbench.model.LoadedModel;
import org.effbench.model.ModelSpec;
import org.junit.jupiter.api.Test;

class MeasuredPeakTest {

    /**
     * Two top-level operators (the second with a nested one whose memory it already includes), then
     * one that frees: running sum 1 MiB, 1 MiB + 2 KiB, then 1 MiB + 2 KiB - 512 B.
     */
    @Test
    void peakIsTheMaximumOfTheRunningSumOverTopLevelOperators() throws Exception {
        String trace =
                """
                {"traceEvents": [
                  {"name": "aten::conv2d", "ph": "X", "ts": 0, "dur": 10, "cpu mem": "1 Mb"},
                  {"name": "aten::empty", "ph": "X", "ts": 1, "dur": 2, "cpu mem": "1 Mb"},
                  {"name": "aten::relu", "ph": "X", "ts": 20, "dur": 5, "cpu mem": "2 Kb"},
                  {"name": "aten::clamp_min", "ph": "X", "ts": 21, "dur": 3, "cpu mem": "2 Kb"},
                  {"name": "aten::free", "ph": "X", "ts": 30, "dur": 1, "cpu mem": "-512 b"}
                ]}""";
        assertThat(MeasuredPeak.peakOfRunningSum(trace)).isEqualTo(1024 * 1024 + 2048);
    }

    /**
     * With intermediates freed as the pass goes, the live peak of a real pass stays near the
     * computed liveness peak (the input is held by the caller throughout, and boundaries miss the
     * moment two neighbours coexist, hence the slack), while libtorch allocated every activation at
     * some point: at least the sum of the non-view outputs.
     */
    @Test
    void aRealPassHoldsAboutTheLiveSetButAllocatesEveryActivation() {
        TorchEngine.start(1);
        try (LoadedModel model = LoadedModel.load(ModelSpec.parse("resnet18"))) {
            ModelProfile p = ModelProfiler.profile(model, 2, null, Dtype.FP32, false);
            MeasuredMemory m = MeasuredPeak.measure(model, 2);
            long computed = p.peak().bytes();
            assertThat(m.livePeakBytes()).isBetween(computed / 2, 2 * computed);
            long allocatedOutputs =
                    4
                            * p.layers().stream()
                                    .filter(LayerOp::allocates)
                                    .mapToLong(LayerOp::activations)
                                    .sum();
            assertThat(m.allocatedBytes()).isGreaterThanOrEqualTo(allocatedOutputs * 9 / 10);
            assertThat(m.allocatedBytes()).isGreaterThan(3 * m.livePeakBytes());
        }
    }
}
