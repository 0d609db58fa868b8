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
        // 52 columns through machine_id, then jmh_params, launch_settings, peak_matrix_size,
        // gemm_gflops_machine, pct_of_gemm_ceiling, peak_method
        assertThat(lines[lines.length - 1]).startsWith("| 58 | `peak_method` | ");
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
