package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * results/SCHEMA.md's column table is exactly what {@link Column} generates: names, units and
 * descriptions.
 */
class SchemaDocTest {

    @Test
    void schemaDocumentTableIsTheOneColumnGenerates() throws Exception {
        String document = Files.readString(SchemaDoc.FILE);
        assertThat(document)
                .as(
                        "results/SCHEMA.md differs from Column; regenerate it: mvn -B -q -o test-compile && "
                                + "java -cp target/classes:target/test-classes org.effbench.report.SchemaDoc")
                .isEqualTo(SchemaDoc.withTable(document));
    }

    @Test
    void tableHasOneRowPerColumnNumberedFromOne() {
        String[] lines = SchemaDoc.table().split("\n");
        assertThat(lines).hasSize(Column.values().length + 2);
        assertThat(lines[2]).isEqualTo("| 1 | `run_id` |  | run folder name |");
        // 52 columns through machine_id, then jmh_params, launch_settings, peak_matrix_size
        assertThat(lines[2 + 54]).startsWith("| 55 | `peak_matrix_size` | ");
        // then the statistics of issue 13, from latency_n to percentiles_valid
        assertThat(lines[2 + 55]).startsWith("| 56 | `latency_n` | samples | ");
        assertThat(lines[2 + 60]).startsWith("| 61 | `percentiles_valid` |  | ");
        // then the measured FMA peak's columns, from gemm_gflops_machine to peak_method
        assertThat(lines[2 + 63]).startsWith("| 64 | `peak_method` | ");
        // then the CO2 of issue 13's energy item
        assertThat(lines[2 + 65]).startsWith("| 66 | `co2_source` | ");
        // then the serving capacity's columns, from offered_rate_per_s to serve_point (issue 15)
        assertThat(lines[2 + 66]).startsWith("| 67 | `offered_rate_per_s` | queries/s | ");
        assertThat(lines[2 + 79]).startsWith("| 80 | `serve_point` | ");
        // then the integer operations of int8 models
        assertThat(lines[2 + 81]).startsWith("| 82 | `achieved_gops` | ");
        // then the rounds pooled into a row (issue 17)
        assertThat(lines[lines.length - 1]).startsWith("| 83 | `rounds` | ");
    }

    @Test
    void onlyTheTableIsReplaced() {
        String document =
                "# title\n\nintro\n\n"
                        + SchemaDoc.HEADER
                        + "\n|---|\n| 1 | `old` |  | stale |\n\nafter\n";
        String replaced = SchemaDoc.withTable(document);
        assertThat(replaced)
                .startsWith("# title\n\nintro\n\n" + SchemaDoc.table())
                .endsWith("\n\nafter\n");
        assertThat(replaced).doesNotContain("stale");
    }

    @Test
    void documentWithoutTableIsRefused() {
        assertThatThrownBy(() -> SchemaDoc.withTable("# nothing here\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no column table");
    }
}
