package org.effbench.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.effbench.base.Dtype;
import org.effbench.engine.TorchEngine;
import org.effbench.model.LoadedModel;
import org.effbench.model.ModelSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProfileReportTest {

    private static ModelProfile squeezenet;
    private static ModelProfile mlp;
    private static ModelProfile mlpInt8;

    @BeforeAll
    static void profiles() {
        TorchEngine.start(1);
        try (LoadedModel m = LoadedModel.load(ModelSpec.parse("squeezenet1_1"))) {
            squeezenet = ModelProfiler.profile(m, 2, null, Dtype.FP32, false);
        }
        try (LoadedModel m = LoadedModel.load(ModelSpec.parse("mlp"))) {
            mlp = ModelProfiler.profile(m, 1, null, Dtype.FP32, false);
            mlpInt8 = ModelProfiler.profile(m, 1, null, Dtype.INT8, true);
        }
    }

    /**
     * The mlp (784 -> 512 -> 512 -> 10, ReLU between) at batch 1, fp32, every number worked out by
     * hand: Linear 784->512: params 784 x 512 + 512 = 401,920, MACs 784 x 512 = 401,408, FLOPs
     * 802,816; Linear 512->512: params 512 x 512 + 512 = 262,656, MACs 262,144, FLOPs 524,288;
     * Linear 512->10: params 512 x 10 + 10 = 5,130, MACs 5,120, FLOPs 10,240; each ReLU: no params,
     * no MACs (element-wise work not counted), 512 activations, run in place as torchvision does.
     * Activations 4 x 512 + 10 = 2,058 elements = 8,232 bytes at 4 bytes each; MAC shares 401,408 /
     * 668,672 = 60.0306%, 262,144 / 668,672 = 39.2037%, 5,120 / 668,672 = 0.7657%. Totals: params
     * 669,706, MACs 668,672, FLOPs 1,337,344. The header is the one README.md documents.
     */
    @Test
    void csvOfTheMlpIsTheHandWorkedTable() {
        assertThat(ProfileReport.csv(mlp))
                .isEqualTo(
                        String.join(
                                "\n",
                                "layer,kind,settings,output_shape,params,buffers,macs,flops,activations,activation_bytes,macs_pct,understood",
                                "0,Linear,784->512,1x512,401920,0,401408,802816,512,2048,60.0306,true",
                                "1,Activation,relu in place,1x512,0,0,0,0,512,2048,0.0000,true",
                                "2,Linear,512->512,1x512,262656,0,262144,524288,512,2048,39.2037,true",
                                "3,Activation,relu in place,1x512,0,0,0,0,512,2048,0.0000,true",
                                "4,Linear,512->10,1x10,5130,0,5120,10240,10,40,0.7657,true",
                                "TOTAL,total,,1x10,669706,0,668672,1337344,2058,8232,100.0000,true",
                                ""));
    }

    @Test
    void csvRowsOfABranchingModelNameTheirKinds() throws Exception {
        List<CSVRecord> rows = parse(ProfileReport.csv(squeezenet));
        // SqueezeNet 1.1 (Iandola et al. 2016): a 3x3 stem convolution, max pooling, fire modules
        // that concatenate
        // their 1x1 and 3x3 expand branches
        assertThat(rows).extracting(r -> r.get("kind")).contains("Concat", "MaxPool2d", "Conv2d");
        assertThat(rows.get(rows.size() - 1).get("layer")).isEqualTo("TOTAL");
        // 1,235,496 parameters: torchvision's model table for squeezenet1_1
        assertThat(rows.get(rows.size() - 1).get("params")).isEqualTo("1235496");
    }

    @Test
    void integerDtypesReportOpsAndIncludeElementwiseWorkWhenAsked() throws Exception {
        List<CSVRecord> rows = parse(ProfileReport.csv(mlpInt8));
        assertThat(rows.get(0).getParser().getHeaderNames())
                .containsExactly(
                        "layer",
                        "kind",
                        "settings",
                        "output_shape",
                        "params",
                        "buffers",
                        "macs",
                        "ops",
                        "activations",
                        "activation_bytes",
                        "macs_pct",
                        "understood");
        CSVRecord relu = rows.get(1);
        assertThat(relu.get("kind")).isEqualTo("Activation");
        assertThat(relu.get("ops")).isEqualTo("512"); // 1 op per element with --all-ops
        assertThat(relu.get("activation_bytes")).isEqualTo("512"); // int8: 1 byte each
        assertThat(ProfileReport.table(mlpInt8)).contains("OPs = 2 x MACs + element-wise ops");
    }

    /**
     * The mlp at batch 1 (totals worked out above). Peak: at the first Linear its 784-float input
     * and 512-float output are alive, (784 + 512) x 4 = 5,184 bytes; no later step holds more (two
     * 512-float tensors, 4,096 bytes). int4 size: 669,706 params x 4 bits / 8 = 334,853 bytes.
     */
    @Test
    void jsonCarriesTotalsPeakAndSizes() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ProfileReport.json(mlp));
        assertThat(json.at("/totals/params").asLong()).isEqualTo(669_706);
        assertThat(json.at("/totals/macs").asLong()).isEqualTo(668_672);
        assertThat(json.at("/totals/ops").asLong()).isEqualTo(1_337_344);
        assertThat(json.at("/totals/activations").asLong()).isEqualTo(2_058);
        assertThat(json.at("/peakActivationMemory/computedBytes").asLong()).isEqualTo(5_184);
        assertThat(json.at("/peakActivationMemory/computedAt").asText()).isEqualTo("0");
        assertThat(json.at("/peakActivationMemory/measuredLiveBytes").isNull()).isTrue();
        assertThat(json.at("/modelSize/int4Bytes").asLong()).isEqualTo(334_853);
        assertThat(json.at("/layers").size()).isEqualTo(5);
        assertThat(json.at("/layers/4/outputShape").toString()).isEqualTo("[1,10]");
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
        return CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(csv))
                .getRecords();
    }
}
