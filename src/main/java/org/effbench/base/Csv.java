package org.effbench.base;

import java.io.IOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * How every CSV effbench writes and reads: the header first and {@code \n} line ends on any
 * platform (commons-csv's default is {@code \r\n}), so files and their golden copies compare byte
 * for byte.
 */
public final class Csv {

    /** How a CSV effbench wrote is read back: the first line names the columns. */
    public static final CSVFormat READ =
            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();

    private Csv() {}

    /** A printer into {@code out} that has written {@code header}. */
    public static CSVPrinter printer(Appendable out, List<String> header) throws IOException {
        return new CSVPrinter(
                out,
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader(header.toArray(String[]::new))
                        .setRecordSeparator('\n')
                        .get());
    }
}
