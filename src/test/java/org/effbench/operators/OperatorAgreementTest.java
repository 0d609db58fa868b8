package org.effbench.operators;

import static org.assertj.core.api.Assertions.assertThat;

import org.effbench.base.Dtype;
import org.effbench.engine.TorchEngine;
import org.effbench.metrics.ModelProfiler;
import org.effbench.model.LoadedModel;
import org.effbench.model.ModelSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two ways of counting agree for every zoo model: MACs from libtorch's operator shapes in a
 * real profiled pass equal the static per-layer MACs from the block walk (which are pinned to the
 * torchvision table in ZooMetricsTest), and no operator goes uncounted.
 */
class OperatorAgreementTest {

    @BeforeAll
    static void engine() {
        TorchEngine.start(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "alexnet",
                "vgg16",
                "resnet18",
                "resnet50",
                "mobilenet_v2",
                "squeezenet1_1",
                "bert_base:seq=32",
                "lstm:seq=4",
                "mlp"
            })
    void operatorMacsEqualTheStaticCount(String id) {
        try (LoadedModel model = LoadedModel.load(ModelSpec.parse(id))) {
            long staticMacs = ModelProfiler.profile(model, 2, null, Dtype.FP32, false).macs();
            OperatorProfile ops = OperatorProfiler.profile(model, 2, 1, false);

            assertThat(ops.notUnderstood()).isEmpty();
            assertThat(ops.estimated())
                    .as("every convolution's output size was found in the trace")
                    .isFalse();
            assertThat(ops.macs()).isEqualTo(staticMacs);
        }
    }
}
