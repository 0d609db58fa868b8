package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** results/SCHEMA.md documents every column of results.csv, in order, with its unit. */
class SchemaDocTest {

    @Test
    void schemaDocumentListsTheColumnsInOrder() throws Exception {
        Pattern row = Pattern.compile("^\\| (\\d+) \\| `([a-z0-9_]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);
        Matcher m = row.matcher(Files.readString(Path.of("results/SCHEMA.md")));
        List<String> documented = new java.util.ArrayList<>();
        List<String> units = new java.util.ArrayList<>();
        while (m.find()) {
            documented.add(m.group(2));
            units.add(m.group(3).strip());
        }
        assertThat(documented).isEqualTo(Arrays.stream(Column.values()).map(Column::header).toList());
        assertThat(units).isEqualTo(Arrays.stream(Column.values()).map(Column::unit).toList());
    }
}
