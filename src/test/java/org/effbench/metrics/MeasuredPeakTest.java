package org.effbench.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.effbench.engine.TorchEngine;
import org.effbench.model.LoadedModel;
import org.effbench.model.ModelSpec;
import org.junit.jupiter.api.Test;

class MeasuredPeakTest {

    /**
     * Two top-level operators (the second with a nested one whose memory it already includes),
     * then one that frees: running sum 1 MiB, 1 MiB + 2 KiB, then 1 MiB + 2 KiB - 512 B.
     */
    @Test
    void peakIsTheMaximumOfTheRunningSumOverTopLevelOperators() throws Exception {
        String trace = """
                {"traceEvents": [
                  {"name": "aten::conv2d", "ph": "X", "ts": 0, "dur": 10, "cpu mem": "1 Mb"},
                  {"name": "aten::empty", "ph": "X", "ts": 1, "dur": 2, "cpu mem": "1 Mb"},
                  {"name": "aten::relu", "ph": "X", "ts": 20, "dur": 5, "cpu mem": "2 Kb"},
                  {"name": "aten::clamp_min", "ph": "X", "ts": 21, "dur": 3, "cpu mem": "2 Kb"},
                  {"name": "aten::free", "ph": "X", "ts": 30, "dur": 1, "cpu mem": "-512 b"}
                ]}""";
        assertThat(MeasuredPeak.peakOfRunningSum(trace)).isEqualTo(1024 * 1024 + 2048);
    }

    @Test
    void unexpectedMemoryFiguresAreNamed() {
        assertThat(MeasuredPeak.bytes("3.5 Kb")).isEqualTo(3584.0);
        assertThatThrownBy(() -> MeasuredPeak.bytes("lots"))
                .hasMessage("unexpected memory figure in libtorch's profile: 'lots'");
    }

    /**
     * DJL frees a pass's intermediates when the scope closes, so the measured peak covers every
     * allocated activation: at least the liveness peak, at most the input plus all activations
     * (views allocate nothing), with slack for libtorch's own temporaries.
     */
    @Test
    void measuredPeakOfARealPassLiesBetweenTheLivenessPeakAndAllActivations() {
        TorchEngine.start(1);
        try (LoadedModel model = LoadedModel.load(ModelSpec.parse("mlp"))) {
            ModelProfile p = ModelProfiler.profile(model, 4, null, Dtype.FP32, false);
            long measured = MeasuredPeak.measure(model, 4);
            long everything = p.trace().input().bytes() + 4 * p.activations();
            assertThat(measured).isBetween(p.peak().bytes(), everything + 64 * 1024);
        }
    }
}
