package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.effbench.base.Csv;
import org.effbench.energy.EnergySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * results.json against results.csv of the same analysis (the golden run: ceilings, four modes, peer
 * rows): the same columns in the same order, the same rows, every cell equal; the machine and run
 * files embedded as they are.
 */
class ResultsJsonTest {

    private static final ObjectMapper READ =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir Path dir;

    @Test
    void resultsJsonAgreesWithResultsCsvRowForRow() throws Exception {
        Path run = Files.createDirectory(dir.resolve("golden-run"));
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/golden-run"))) {
            for (Path f :
                    files.filter(f -> !f.getFileName().toString().equals(ResultsCsv.FILE))
                            .toList()) {
                Files.copy(f, run.resolve(f.getFileName()));
            }
        }
        Files.writeString(run.resolve("run.json"), "{\"sweep\": \"golden\", \"forks\": 1}\n");
        new RunAnalyzer(
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        EnergySettings.Given.NOTHING)
                .analyze(run, false);

        JsonNode json = READ.readTree(run.resolve(ResultsJson.FILE).toFile());
        List<String> header;
        List<CSVRecord> records;
        try (Reader in = Files.newBufferedReader(run.resolve(ResultsCsv.FILE));
                CSVParser csv = Csv.READ.parse(in)) {
            header = csv.getHeaderNames();
            records = csv.getRecords();
        }
        List<String> schema = new ArrayList<>();
        json.get("schema").forEach(c -> schema.add(c.get("name").asText()));
        assertThat(schema).isEqualTo(header);
        assertThat(schema)
                .startsWith("run_id", "model", "batch_size")
                .contains("latency_n", "percentiles_valid");
        JsonNode first = json.get("schema").get(schema.indexOf("latency_ms_p95"));
        assertThat(first.get("unit").asText()).isEqualTo("ms");

        JsonNode rows = json.get("rows");
        assertThat(rows).hasSize(22).hasSize(records.size()); // 15 JMH and peer rows, 7 serve rows
        for (int i = 0; i < records.size(); i++) {
            CSVRecord record = records.get(i);
            JsonNode row = rows.get(i);
            assertThat(row.size()).as("row %d has every column", i).isEqualTo(header.size());
            for (String column : header) {
                JsonNode cell = row.get(column);
                String text =
                        cell.isNull()
                                ? ""
                                : cell.isNumber()
                                        ? cell.decimalValue().toPlainString()
                                        : cell.asText();
                assertThat(text).as("row %d, %s", i, column).isEqualTo(record.get(column));
            }
        }
        // the mlp sample row, as DeriverTest works it out: 4,964 calls, p99.9 not supported
        JsonNode mlp = rows.get(8);
        assertThat(mlp.get("jmh_mode").asText()).isEqualTo("sample");
        assertThat(mlp.get("latency_n").isNumber()).isTrue();
        assertThat(mlp.get("latency_n").asLong()).isEqualTo(4964);
        assertThat(mlp.get("percentiles_valid").asText()).isEqualTo("p50 p90 p95 p99");

        assertThat(json.get("machine"))
                .isEqualTo(READ.readTree(run.resolve("machine.json").toFile()));
        assertThat(json.get("run").get("sweep").asText()).isEqualTo("golden");
    }

    @Test
    void aFolderWithoutMachineOrRunFilesHasNulls() throws Exception {
        JsonNode json =
                READ.readTree(
                        ResultsJson.write(
                                List.of(new DerivedRow().put(Column.RUN_ID, "r")),
                                java.util.Optional.empty(),
                                java.util.Optional.empty()));
        assertThat(json.get("machine").isNull()).isTrue();
        assertThat(json.get("run").isNull()).isTrue();
        assertThat(json.get("rows").get(0).get("run_id").asText()).isEqualTo("r");
        assertThat(json.get("rows").get(0).get("model").isNull()).isTrue();
    }
}
