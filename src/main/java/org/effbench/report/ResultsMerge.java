package org.effbench.report;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.effbench.base.AtomicFiles;
import org.effbench.base.Csv;
import org.effbench.machine.MachineProfile;

/**
 * Joins the results of several run folders (shards run on several machines, say) into one
 * results.csv. Every input must have this version's schema, column for column: a file written by
 * another version is refused with the first column that differs, never silently realigned. Rows
 * keep the fingerprint of the machine that measured them.
 */
public final class ResultsMerge {

    /**
     * What was merged.
     *
     * @param duplicates rows dropped because an earlier row was identical, cell for cell
     * @param measuredTwice configurations kept from two rows that differ (two runs of one
     *     configuration on one machine), with where each came from
     */
    public record Outcome(
            int rows, Set<String> machines, List<String> duplicates, List<String> measuredTwice) {}

    private static final List<String> HEADER =
            Arrays.stream(Column.values()).map(Column::header).toList();

    private ResultsMerge() {}

    /**
     * Merges the folders' results.csv into one CSV text.
     *
     * @throws IllegalArgumentException naming the folder and what is wrong with it
     */
    public static String merge(
            List<Path> folders, Set<String> machinesOut, List<String> notes, List<String> twice) {
        Set<List<String>> seen = new HashSet<>();
        Map<ConfigId, String> measured = new HashMap<>();
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = Csv.printer(out, HEADER)) {
            for (Path folder : folders) {
                Path file = folder.resolve(ResultsCsv.FILE);
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException(
                            folder + " has no " + ResultsCsv.FILE + "; run analyze on it first");
                }
                String fallbackMachine = machineOf(folder);
                try (Reader in = Files.newBufferedReader(file)) {
                    CSVParser parser = Csv.READ.parse(in);
                    if (parser.getHeaderNames().isEmpty()) {
                        throw new IllegalArgumentException(file + " is empty");
                    }
                    checkSchema(file, parser.getHeaderNames());
                    int machineColumn = Column.MACHINE_ID.ordinal();
                    for (CSVRecord r : parser) {
                        List<String> values = new ArrayList<>(r.toList());
                        if (values.size() != HEADER.size()) {
                            throw new IllegalArgumentException(
                                    file
                                            + " line "
                                            + (r.getRecordNumber() + 1)
                                            + " has "
                                            + values.size()
                                            + " values for "
                                            + HEADER.size()
                                            + " columns");
                        }
                        if (values.get(machineColumn).isEmpty()) {
                            values.set(machineColumn, fallbackMachine);
                        }
                        if (!seen.add(values)) {
                            notes.add(file + " line " + (r.getRecordNumber() + 1));
                            continue;
                        }
                        ConfigId read = ConfigId.of(r, launch -> "");
                        ConfigId id =
                                read.withContext(
                                        read.context().withMachine(values.get(machineColumn)));
                        String where = file + " line " + (r.getRecordNumber() + 1);
                        String first = measured.putIfAbsent(id, where);
                        if (first != null) {
                            twice.add(id.text() + " (" + first + ", " + where + ")");
                        }
                        machinesOut.add(values.get(machineColumn));
                        csv.printRecord(values);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static void checkSchema(Path file, List<String> header) {
        for (int i = 0; i < Math.max(header.size(), HEADER.size()); i++) {
            String theirs = i < header.size() ? header.get(i) : "(none)";
            String ours = i < HEADER.size() ? HEADER.get(i) : "(none)";
            if (!theirs.equals(ours)) {
                throw new IllegalArgumentException(
                        file
                                + " has another schema: column "
                                + (i + 1)
                                + " is '"
                                + theirs
                                + "', this version's is '"
                                + ours
                                + "'; run analyze --force on it with this version first");
            }
        }
    }

    /**
     * The folder's machine fingerprint from machine.json, for rows written before the column
     * existed.
     */
    private static String machineOf(Path folder) {
        Path file = folder.resolve(MachineProfile.FILE);
        try {
            return Files.isRegularFile(file) ? MachineProfile.read(file).fingerprint() : "";
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the merged CSV and a note of its sources, refusing to overwrite without {@code force}.
     */
    public static Outcome write(List<Path> folders, Path outDir, boolean force) {
        Path target = outDir.resolve(ResultsCsv.FILE);
        if (Files.exists(target) && !force) {
            throw new IllegalArgumentException(target + " exists; add --force to overwrite it");
        }
        Set<String> machines = new LinkedHashSet<>();
        List<String> duplicates = new ArrayList<>();
        List<String> twice = new ArrayList<>();
        String merged = merge(folders, machines, duplicates, twice);
        try {
            Files.createDirectories(outDir);
            AtomicFiles.writeString(target, merged);
            AtomicFiles.writeString(
                    outDir.resolve("merged-from.txt"),
                    String.join("\n", folders.stream().map(Path::toString).toList()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        return new Outcome((int) merged.lines().count() - 1, machines, duplicates, twice);
    }
}
