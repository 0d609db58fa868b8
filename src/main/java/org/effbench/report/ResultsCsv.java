package org.effbench.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVPrinter;
import org.effbench.base.Csv;

/**
 * Rows as CSV in the fixed column order of {@link Column}, numbers locale-free with 6 significant
 * digits.
 */
public final class ResultsCsv {

    public static final String FILE = "results.csv";

    private ResultsCsv() {}

    public static String write(List<DerivedRow> rows) {
        StringWriter out = new StringWriter();
        List<String> header = Arrays.stream(Column.values()).map(Column::header).toList();
        try (CSVPrinter csv = Csv.printer(out, header)) {
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
