package org.effbench.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.effbench.model.ModelRef;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

class BenchParamTest {

    /** The benchmarks JMH runs; their @Param fields are the parameter names JMH accepts. */
    private static Stream<Class<?>> benchmarks() {
        return Stream.of(
                InferenceBenchmark.class,
                MatmulPeakBenchmark.class,
                FmaPeakBenchmark.class,
                MemoryBandwidthBenchmark.class,
                PipelineBenchmark.class);
    }

    private static Set<String> paramFields() {
        return benchmarks()
                .flatMap(
                        c ->
                                Stream.concat(
                                        Arrays.stream(c.getFields()),
                                        Arrays.stream(c.getDeclaredFields())))
                .filter(f -> f.isAnnotationPresent(Param.class))
                .map(Field::getName)
                .collect(Collectors.toSet());
    }

    @Test
    void everyParamFieldIsDeclaredOnceAndEveryDeclaredNameIsAField() {
        Set<String> declared =
                Arrays.stream(BenchParam.values())
                        .map(BenchParam::jmhName)
                        .collect(Collectors.toSet());
        assertThat(declared).hasSize(BenchParam.values().length).isEqualTo(paramFields());
    }

    @Test
    void numbersBelowTheirMinimumAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> BenchParam.BATCH_SIZE.parse("0"))
                .hasMessage("batchSize 0 is not accepted; accepted: a whole number >= 1");
        assertThatThrownBy(() -> BenchParam.INTRA_OP_THREADS.parse("two"))
                .hasMessage("intraOpThreads 'two' is not accepted; accepted: a whole number >= 1");
        assertThat(BenchParam.INTER_OP_THREADS.parse(" 0")).isZero();
        assertThatThrownBy(() -> BenchParam.MATRIX_SIZE.parse("99999999999"))
                .hasMessageStartingWith("matrixSize 99999999999 is not accepted");
        assertThat(BenchParam.INTER_OP_THREADS.min()).isZero();
        assertThat(BenchParam.BATCH_SIZE.min()).isEqualTo(1);
        assertThatThrownBy(BenchParam.MODEL::min).hasMessage("model is not a number");
    }

    @Test
    void configRoundTripsThroughJmhParameters() {
        InferenceConfig config = new InferenceConfig(ModelRef.parse("ResNet50", null), 8, 2, 0);
        Map<String, String> params = config.jmhParams();
        assertThat(params)
                .containsExactly(
                        Map.entry("model", "resnet50"),
                        Map.entry("batchSize", "8"),
                        Map.entry("intraOpThreads", "2"),
                        Map.entry("interOpThreads", "0"));
        assertThat(InferenceConfig.fromJmh(params)).isEqualTo(config);
        assertThat(InferenceConfig.fromJmh(Map.of("model", "mlp")))
                .isEqualTo(new InferenceConfig(new ModelRef("mlp", ""), 1, 1, 0));
        assertThatThrownBy(() -> InferenceConfig.fromJmh(Map.of("batchSize", "8")))
                .hasMessage("no model parameter");
    }

    /**
     * JMH records {@code -p model=Resnet50} as typed: read back, it is the same configuration as
     * {@code resnet50}, so the two compare.
     */
    @Test
    void aModelReadBackFromJmhIsInItsCanonicalForm() {
        assertThat(InferenceConfig.fromJmh(Map.of("model", "Resnet50", "batchSize", "8")))
                .isEqualTo(InferenceConfig.fromJmh(Map.of("model", "resnet50", "batchSize", "8")));
        assertThat(InferenceConfig.fromJmh(Map.of("model", " BERT_base:seq=128 ")).model().model())
                .isEqualTo("bert_base");
    }
}
