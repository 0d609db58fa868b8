package org.effbench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates the column table of {@code results/SCHEMA.md} from {@link Column}, the one source of
 * the column descriptions; the prose around the table is kept as written. After changing a column,
 * regenerate the table from the project folder with
 *
 * <pre>
 * mvn -B -q -o test-compile &amp;&amp; java -cp target/classes:target/test-classes org.effbench.report.SchemaDoc
 * </pre>
 *
 * and commit {@code results/SCHEMA.md}; {@code SchemaDocTest} fails while the file differs.
 */
final class SchemaDoc {

    static final Path FILE = Path.of("results/SCHEMA.md");
    static final String HEADER = "| # | column | unit | how it is derived |";

    private SchemaDoc() {}

    /** The table, header line first, one line per column, each line ending in a newline. */
    static String table() {
        StringBuilder out = new StringBuilder(HEADER).append('\n').append("|---|---|---|---|\n");
        for (Column c : Column.values()) {
            out.append("| ")
                    .append(c.ordinal() + 1)
                    .append(" | `")
                    .append(c.header())
                    .append("` | ")
                    .append(cell(c.unit()))
                    .append(" | ")
                    .append(cell(c.derivation()))
                    .append(" |\n");
        }
        return out.toString();
    }

    /**
     * {@code document} with its column table (the header line and every table line after it)
     * replaced by {@link #table()}.
     */
    static String withTable(String document) {
        List<String> lines = List.of(document.split("\n", -1));
        int start = lines.indexOf(HEADER);
        if (start < 0) {
            throw new IllegalArgumentException(
                    FILE + " has no column table: no line '" + HEADER + "'");
        }
        int end = start;
        while (end < lines.size() && lines.get(end).startsWith("|")) {
            end++;
        }
        List<String> out = new ArrayList<>(lines.subList(0, start));
        out.add(table().stripTrailing());
        out.addAll(lines.subList(end, lines.size()));
        return String.join("\n", out);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(FILE, withTable(Files.readString(FILE)));
        System.out.println("wrote the column table of " + FILE + " from Column");
    }
}
