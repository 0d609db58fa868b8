package org.effbench.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Rows as CSV in the fixed column order of {@link Column}, numbers locale-free with 6 significant
 * digits.
 */
public final class ResultsCsv {

    public static final String FILE = "results.csv";

    /** How every CSV in effbench's schema is read back: the first line names the columns. */
    public static final CSVFormat READ =
            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();

    private ResultsCsv() {}

    public static String write(List<DerivedRow> rows) {
        StringWriter out = new StringWriter();
        String[] header = Arrays.stream(Column.values()).map(Column::header).toArray(String[]::new);
        try (CSVPrinter csv =
                new CSVPrinter(
                        out,
                        CSVFormat.DEFAULT
                                .builder()
                                .setHeader(header)
                                .setRecordSeparator('\n')
                                .get())) {
            for (DerivedRow row : rows) {
                for (Column c : Column.values()) {
                    csv.print(row.get(c).map(ResultsCsv::format).orElse(""));
                }
                csv.println();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static String format(Object value) {
        if (value instanceof Double d) {
            return BigDecimal.valueOf(d)
                    .round(new MathContext(6))
                    .stripTrailingZeros()
                    .toPlainString();
        }
        return value.toString();
    }
}
