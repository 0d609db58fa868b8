package org.effbench.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.effbench.base.Dtype;
import org.effbench.engine.TorchEngine;
import org.effbench.model.LoadedModel;
import org.effbench.model.ModelSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Counts of the zoo against published references and closed forms worked out by hand. */
class ZooMetricsTest {

    @BeforeAll
    static void engine() {
        TorchEngine.start(1);
    }

    /**
     * MACs at batch 1, convolutions and linear layers only: torchvision's model table, whose
     * "GFLOPS" column is GMACs (e.g. ResNet50_Weights.IMAGENET1K_V1.meta["_ops"] = 4.089), exact
     * values as fvcore/ptflops count them.
     */
    @ParameterizedTest(name = "{0}: {1} MACs")
    @CsvSource({
        "alexnet, 714188480",
        "resnet18, 1814073344",
        "resnet50, 4089184256",
        "mobilenet_v2, 300774272",
    })
    void macsMatchTheTorchvisionTable(String id, long macs) {
        ModelProfile p = profile(id, 1);
        assertThat(p.macs()).isEqualTo(macs);
        assertThat(p.ops()).isEqualTo(2 * macs);
        assertThat(p.trace().complete()).isTrue();
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
    void everyZooModelIsUnderstoodAndItsLayersSumToTheTotals(String id) {
        try (LoadedModel model = LoadedModel.load(ModelSpec.parse(id))) {
            ModelProfile p = ModelProfiler.profile(model, 2, null, Dtype.FP32, true);
            assertThat(p.trace().unsupported()).isEmpty();
            assertThat(p.params())
                    .as("params counted once from the root")
                    .isEqualTo(model.parameterCount());
            assertThat(p.buffers()).isEqualTo(model.bufferCount());
            assertThat(p.trace().output().shape().get(0)).isEqualTo(2);
            // with all ops, FLOPs exceed 2 x MACs by the element-wise work
            assertThat(p.ops()).isGreaterThan(2 * p.macs());
        }
    }

    /**
     * A layer's share of the MACs, worked out by hand: resnet18's first convolution (3 -> 64
     * channels, 7x7, stride 2, 224x224 -> 112x112) does 64 x 112 x 112 x 3 x 7 x 7 = 118,013,952
     * MACs of torchvision's 1,814,073,344 (the table above): 6.50547%. The mlp's first Linear (784
     * -> 512) does 784 x 512 = 401,408 of 784 x 512 + 512 x 512 + 512 x 10 = 668,672: 60.03063%.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"resnet18, Conv2d, 118013952, 6.5054675", "mlp, Linear, 401408, 60.0306279"})
    void theFirstLayersShareOfTheMacsIsWorkedOutByHand(
            String id, String kind, long macs, double percent) {
        ModelProfile p = profile(id, 1);
        LayerOp first = p.layers().get(0);
        assertThat(first.kind()).isEqualTo(kind);
        assertThat(first.macs()).isEqualTo(macs);
        assertThat(p.macsShare(first))
                .isCloseTo(percent, org.assertj.core.data.Offset.offset(1e-6));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"resnet18", "bert_base:seq=16", "mlp"})
    void macsScaleWithTheBatch(String id) {
        assertThat(profile(id, 4).macs()).isEqualTo(4 * profile(id, 1).macs());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"resnet18", "mlp"})
    void activationsScaleWithTheBatch(String id) {
        // (BERT's position embeddings are shared by the batch, so its activations do not scale
        // exactly.)
        assertThat(profile(id, 4).activations()).isEqualTo(4 * profile(id, 1).activations());
    }

    /**
     * BERT-base at sequence s: per layer 4 projections s*768*768, attention 2*s*s*768, feed-forward
     * 2*s*768*3072; plus the pooler.
     */
    @ParameterizedTest(name = "seq {0}")
    @ValueSource(ints = {16, 128})
    void bertMacsFollowTheClosedForm(int s) {
        long perLayer = 4L * s * 768 * 768 + 2L * s * s * 768 + 2L * s * 768 * 3072;
        assertThat(profile("bert_base:seq=" + s, 1).macs()).isEqualTo(12 * perLayer + 768L * 768);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"resnet50, 25557032", "mobilenet_v2, 3504872"})
    void modelSizeIsParametersTimesBits(String id, long params) {
        ModelProfile p = profile(id, 1);
        assertThat(p.sizeBytes(Dtype.FP32)).isEqualTo(4 * params);
        assertThat(p.sizeBytes(Dtype.BF16)).isEqualTo(2 * params);
        assertThat(p.sizeBytes(Dtype.INT8)).isEqualTo(params);
        assertThat(p.sizeBytes(Dtype.INT4)).isEqualTo(params / 2);
        // the saved file holds fp32 weights and BatchNorm buffers, plus DJL's headers
        assertThat(p.serializedBytes())
                .isBetween(4 * (params + p.buffers()), 4 * (params + p.buffers()) + 200_000);
    }

    private static ModelProfile profile(String id, int batch) {
        try (LoadedModel model = LoadedModel.load(ModelSpec.parse(id))) {
            return ModelProfiler.profile(model, batch, null, Dtype.FP32, false);
        }
    }
}
