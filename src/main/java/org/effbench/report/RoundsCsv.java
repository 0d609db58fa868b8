package org.effbench.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVPrinter;
import org.effbench.base.Csv;

/**
 * {@code rounds.csv}: each round's own figures behind a pooled row of results.csv (a sweep with
 * {@code rounds = N}), one row per configuration x round, in results.csv's vocabulary: the
 * configuration's columns, the round, then that round's figures alone (its JMH error is within its
 * own fork). What the pooled row's mean and error were made from, for a reader to see the spread.
 */
public final class RoundsCsv {

    public static final String FILE = "rounds.csv";

    /** The column of the round number, between the configuration and its figures. */
    static final String ROUND = "round";

    /** What names the configuration, from the pooled row. */
    static final List<Column> CONFIGURATION =
            List.of(
                    Column.RUN_ID,
                    Column.BENCHMARK,
                    Column.MODEL,
                    Column.DTYPE,
                    Column.BATCH_SIZE,
                    Column.INTRA_OP_THREADS,
                    Column.INTER_OP_THREADS,
                    Column.CALLERS,
                    Column.JMH_MODE,
                    Column.LAUNCH,
                    Column.JMH_PARAMS);

    /** The round's own figures, from its row. */
    static final List<Column> FIGURES =
            List.of(
                    Column.FORKS,
                    Column.LATENCY_N,
                    Column.LATENCY_MS_MEAN,
                    Column.LATENCY_MS_ERROR,
                    Column.LATENCY_MS_P50,
                    Column.LATENCY_MS_P99,
                    Column.THROUGHPUT_SAMPLES_PER_S,
                    Column.THROUGHPUT_SAMPLES_PER_S_ERROR);

    private RoundsCsv() {}

    /** The rounds of every pooled row, in the rows' order, each by round. */
    public static String write(List<DerivedRow> pooled) {
        List<String> header = new ArrayList<>();
        CONFIGURATION.forEach(c -> header.add(c.header()));
        header.add(ROUND);
        FIGURES.forEach(c -> header.add(c.header()));
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = Csv.printer(out, header)) {
            for (DerivedRow row : pooled) {
                for (Map.Entry<Integer, DerivedRow> round : row.rounds().entrySet()) {
                    for (Column c : CONFIGURATION) {
                        csv.print(row.get(c).map(ResultsCsv::format).orElse(""));
                    }
                    csv.print(round.getKey());
                    for (Column c : FIGURES) {
                        csv.print(round.getValue().get(c).map(ResultsCsv::format).orElse(""));
                    }
                    csv.println();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
