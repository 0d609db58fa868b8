package org.effbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.stream.IntStream;
import org.effbench.engine.TorchEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZooModelTest {

    @BeforeAll
    static void engine() {
        TorchEngine.start(1);
    }

    /**
     * torchvision figures are the {@code num_params} of each model's weight metadata
     * (torchvision.models, e.g. ResNet50_Weights.IMAGENET1K_V1.meta); BERT's is Hugging Face
     * bert-base-uncased BertModel.num_parameters(); lstm and mlp are closed forms.
     */
    @ParameterizedTest(name = "{0} has {1} parameters")
    @CsvSource({
        "alexnet, 61100840",
        "vgg16, 138357544",
        "resnet18, 11689512",
        "resnet50, 25557032",
        "mobilenet_v2, 3504872",
        "squeezenet1_1, 1235496",
        "bert_base, 109482240",
        // torch.nn.LSTM(1024, 1024, 2): per layer 4 gates x (1024 x (1024 + 1024) + 2 x 1024
        // biases)
        "lstm, 16793600",
        // 784*512+512 + 512*512+512 + 512*10+10
        "mlp, 669706",
    })
    void parameterCountsMatchThePublishedFigures(String id, long expected) {
        try (LoadedModel model = LoadedModel.load(ModelSpec.parse(id))) {
            assertThat(model.parameterCount()).isEqualTo(expected);
        }
    }

    @Test
    void batchNormRunningStatisticsAreBuffersNotParameters() {
        try (LoadedModel model = LoadedModel.load(ModelSpec.parse("resnet18"))) {
            // torchvision resnet18 has 9,600 running-mean/var elements (2 x 4,800 BatchNorm
            // channels).
            assertThat(model.bufferCount()).isEqualTo(9_600);
        }
    }

    @ParameterizedTest(name = "{0} at batch {1} gives {2}")
    @CsvSource({
        "alexnet, 2, 2x1000",
        "vgg16, 1, 1x1000",
        "resnet18, 2, 2x1000",
        "resnet50, 2, 2x1000",
        "mobilenet_v2, 2, 2x1000",
        "squeezenet1_1, 2, 2x1000",
        "bert_base:seq=16, 2, 2x768",
        "lstm:seq=5, 3, 3x5x1024",
        "mlp, 4, 4x10",
    })
    void forwardGivesTheExpectedShapeAndFiniteValues(String id, int batch, String shape) {
        try (LoadedModel model = LoadedModel.load(ModelSpec.parse(id));
                NDManager caller = NDManager.newBaseManager(TorchEngine.NAME)) {
            NDList input = model.newInput(caller, batch, 7);
            NDArray out = model.forward(input).head();
            assertThat(out.getShape()).isEqualTo(parseShape(shape));
            assertThat(model.block().getOutputShapes(new Shape[] {input.head().getShape()})[0])
                    .isEqualTo(out.getShape());
            float[] values = out.toFloatArray();
            assertThat(IntStream.range(0, values.length).allMatch(i -> Float.isFinite(values[i])))
                    .as("all outputs finite")
                    .isTrue();
            assertThat(IntStream.range(0, values.length).anyMatch(i -> values[i] != 0f))
                    .as("some output non-zero")
                    .isTrue();
        }
    }

    @Test
    void sameSeedGivesSameWeights() {
        try (LoadedModel a = LoadedModel.load(ModelSpec.parse("mlp"));
                LoadedModel b = LoadedModel.load(ModelSpec.parse("mlp"));
                NDManager caller = NDManager.newBaseManager(TorchEngine.NAME)) {
            NDList input = a.newInput(caller, 2, 1);
            assertThat(a.forward(input).head().toFloatArray())
                    .containsExactly(b.forward(input).head().toFloatArray());
        }
    }

    @Test
    void unknownModelNamesTheKnownOnes() {
        assertThatThrownBy(() -> ModelSpec.parse("resnet51"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "unknown model 'resnet51'; known models: alexnet, vgg16, resnet18, resnet50, "
                                + "mobilenet_v2, squeezenet1_1, bert_base, lstm, mlp");
    }

    @Test
    void sequenceLengthIsCheckedAgainstTheModel() {
        assertThat(ModelSpec.parse("bert_base").sequenceLength()).isEqualTo(128);
        assertThat(ModelSpec.parse("bert_base:seq=256").toString()).isEqualTo("bert_base:seq=256");
        assertThatThrownBy(() -> ModelSpec.parse("bert_base:seq=513"))
                .hasMessage("sequence length 513 for bert_base is out of range; accepted: 1..512");
        assertThatThrownBy(() -> ModelSpec.parse("resnet18:seq=4"))
                .hasMessage("model resnet18 takes no sequence length; only bert_base, lstm do");
        assertThatThrownBy(() -> ModelSpec.parse("lstm:seq=x"))
                .hasMessage("sequence length 'x' in 'lstm:seq=x' is not a whole number");
        assertThatThrownBy(() -> ModelSpec.parse("lstm:len=3"))
                .hasMessageStartingWith(
                        "unknown model option 'len=3' in 'lstm:len=3'; accepted: seq=N");
    }

    private static Shape parseShape(String text) {
        return new Shape(
                java.util.Arrays.stream(text.split("x")).mapToLong(Long::parseLong).toArray());
    }
}
