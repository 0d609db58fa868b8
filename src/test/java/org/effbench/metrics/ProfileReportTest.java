package org.effbench.metrics;

import org.effbench.base.Dtype;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.effbench.engine.TorchEngine;
import org.effbench.model.LoadedModel;
import org.effbench.model.ModelSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProfileReportTest {

    private static ModelProfile squeezenet;
    private static ModelProfile mlpInt8;

    @BeforeAll
    static void profiles() {
        TorchEngine.start(1);
        try (LoadedModel m = LoadedModel.load(ModelSpec.parse("squeezenet1_1"))) {
            squeezenet = ModelProfiler.profile(m, 2, null, Dtype.FP32, false);
        }
        try (LoadedModel m = LoadedModel.load(ModelSpec.parse("mlp"))) {
            mlpInt8 = ModelProfiler.profile(m, 1, null, Dtype.INT8, true);
        }
    }

    @Test
    void csvHasTheDocumentedColumnsAndRowsThatSumToTheTotalRow() throws Exception {
        List<CSVRecord> rows = parse(ProfileReport.csv(squeezenet));
        assertThat(rows.get(0).getParser().getHeaderNames()).isEqualTo(ProfileReport.CSV_COLUMNS);
        CSVRecord total = rows.get(rows.size() - 1);
        List<CSVRecord> layers = rows.subList(0, rows.size() - 1);
        assertThat(total.get("layer")).isEqualTo("TOTAL");
        for (String column : List.of("params", "macs", "flops", "activations")) {
            assertThat(layers.stream().mapToLong(r -> Long.parseLong(r.get(column))).sum())
                    .as(column).isEqualTo(Long.parseLong(total.get(column)));
        }
        assertThat(Long.parseLong(total.get("macs"))).isEqualTo(squeezenet.macs());
        assertThat(Long.parseLong(total.get("flops"))).isEqualTo(2 * squeezenet.macs());
        assertThat(layers).extracting(r -> r.get("kind")).contains("Concat", "MaxPool2d", "Conv2d");
    }

    @Test
    void integerDtypesReportOpsAndIncludeElementwiseWorkWhenAsked() throws Exception {
        List<CSVRecord> rows = parse(ProfileReport.csv(mlpInt8));
        assertThat(rows.get(0).getParser().getHeaderNames()).contains("ops").doesNotContain("flops");
        CSVRecord relu = rows.get(1);
        assertThat(relu.get("kind")).isEqualTo("Activation");
        assertThat(relu.get("ops")).isEqualTo("512"); // 1 op per element with --all-ops
        assertThat(relu.get("activation_bytes")).isEqualTo("512"); // int8: 1 byte each
        assertThat(ProfileReport.table(mlpInt8)).contains("OPs = 2 x MACs + element-wise ops");
    }

    @Test
    void jsonCarriesTotalsPeakAndSizes() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ProfileReport.json(squeezenet));
        assertThat(json.at("/totals/macs").asLong()).isEqualTo(squeezenet.macs());
        assertThat(json.at("/peakActivationMemory/computedBytes").asLong()).isEqualTo(squeezenet.peak().bytes());
        assertThat(json.at("/peakActivationMemory/measuredLiveBytes").isNull()).isTrue();
        assertThat(json.at("/modelSize/int4Bytes").asLong()).isEqualTo(1_235_496 / 2);
        assertThat(json.at("/layers").size()).isEqualTo(squeezenet.layers().size());
        assertThat(json.at("/complete").asBoolean()).isTrue();
    }

    @Test
    void tableStatesItsConventionsAndTotals() {
        String table = ProfileReport.table(squeezenet);
        assertThat(table)
                .contains("Model squeezenet1_1, input 2x3x224x224, dtype fp32")
                .contains("FLOPs = 2 x MACs; element-wise ops not counted")
                .contains("Parameters: 1,235,496 trainable")
                .contains("Every block was understood.");
    }

    private static List<CSVRecord> parse(String csv) throws Exception {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv)).getRecords();
    }
}
