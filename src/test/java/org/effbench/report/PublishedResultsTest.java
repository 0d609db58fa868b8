package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.effbench.base.Csv;
import org.junit.jupiter.api.Test;

/**
 * Every published run folder under results/ is in the schema this build writes: its results.csv
 * header is {@link Column}'s, results.json beside it has the same columns and rows, and report.html
 * heads its table with the labels the report writes. A column added without re-deriving the
 * published folders ({@code java -jar target/benchmarks.jar analyze --force results/NAME}) fails
 * here, as merge and compare would refuse those folders.
 */
class PublishedResultsTest {

    private static final Path RESULTS = Path.of("results");

    private static List<Path> publishedRuns() throws Exception {
        try (Stream<Path> dirs = Files.list(RESULTS)) {
            return dirs.filter(d -> Files.exists(d.resolve(ResultsCsv.FILE))).sorted().toList();
        }
    }

    @Test
    void everyPublishedFolderIsInTheCurrentSchema() throws Exception {
        List<Path> runs = publishedRuns();
        assertThat(runs).as("published runs under results/").hasSizeGreaterThanOrEqualTo(6);
        List<String> columns = Arrays.stream(Column.values()).map(Column::header).toList();
        ObjectMapper mapper = new ObjectMapper();
        for (Path run : runs) {
            int rows;
            boolean jmhRows = false;
            boolean serveRows = false;
            try (Reader in = Files.newBufferedReader(run.resolve(ResultsCsv.FILE));
                    CSVParser csv = Csv.READ.parse(in)) {
                assertThat(csv.getHeaderNames())
                        .as("%s: results.csv's header; re-derive it with analyze --force", run)
                        .isEqualTo(columns);
                List<CSVRecord> records = csv.getRecords();
                rows = records.size();
                for (CSVRecord r : records) {
                    boolean serve = r.get(Column.BENCHMARK.header()).equals("serve");
                    serveRows |= serve;
                    jmhRows |= !serve && !r.get(Column.MODEL.header()).isEmpty();
                }
            }
            JsonNode json = mapper.readTree(run.resolve(ResultsJson.FILE).toFile());
            List<String> schema = new ArrayList<>();
            json.get("schema").forEach(c -> schema.add(c.get("name").asText()));
            assertThat(schema).as("%s: results.json's columns", run).isEqualTo(columns);
            assertThat(json.get("rows")).as("%s: results.json's rows", run).hasSize(rows);
            String html = Files.readString(run.resolve("report.html"));
            // the JMH rows' table when there are any; a serve run's layouts in the serving table
            if (jmhRows || !serveRows) {
                for (String label : HtmlReport.TABLE.stream().map(HtmlReport::heading).toList()) {
                    assertThat(html)
                            .as("%s: report.html's results table", run)
                            .contains("<th>" + HtmlReport.esc(label) + "</th>");
                }
            }
            if (serveRows) {
                for (String label : HtmlReport.SERVING_TABLE) {
                    assertThat(html)
                            .as("%s: report.html's serving table", run)
                            .contains("<th>" + HtmlReport.esc(label) + "</th>");
                }
            }
        }
    }
}
