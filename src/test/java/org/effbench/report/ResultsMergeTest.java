package org.effbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsMergeTest {

    @TempDir Path dir;

    private Path folder(String name, String machine, String model) throws Exception {
        Path f = Files.createDirectories(dir.resolve(name));
        DerivedRow row =
                new DerivedRow()
                        .put(Column.RUN_ID, name)
                        .put(Column.MODEL, model)
                        .put(Column.BATCH_SIZE, 1)
                        .put(Column.LATENCY_MS_MEAN, 12.5)
                        .put(Column.MACHINE_ID, machine);
        Files.writeString(f.resolve(ResultsCsv.FILE), ResultsCsv.write(List.of(row)));
        return f;
    }

    @Test
    void twoMachinesFoldersBecomeOneCsvKeyedByMachine() throws Exception {
        Path a = folder("shard-0", "aaaaaaaaaaaa", "resnet50");
        Path b = folder("shard-1", "bbbbbbbbbbbb", "bert_base");
        Path out = dir.resolve("merged");

        ResultsMerge.Outcome outcome = ResultsMerge.write(List.of(a, b), out, false);

        assertThat(outcome.rows()).isEqualTo(2);
        assertThat(outcome.machines()).containsExactly("aaaaaaaaaaaa", "bbbbbbbbbbbb");
        List<String> lines = Files.readAllLines(out.resolve(ResultsCsv.FILE));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(Files.readAllLines(a.resolve(ResultsCsv.FILE)).get(0));
        assertThat(lines.get(1)).startsWith("shard-0,resnet50,1,").endsWith(",aaaaaaaaaaaa,,,,,,");
        assertThat(lines.get(2)).startsWith("shard-1,bert_base,1,").endsWith(",bbbbbbbbbbbb,,,,,,");
        assertThat(out.resolve("merged-from.txt")).content().contains(a.toString(), b.toString());
    }

    /** The same folder twice: its rows once, and the output says what was dropped. */
    @Test
    void theSameFolderTwiceGivesItsRowsOnce() throws Exception {
        Path a = folder("shard-0", "aaaaaaaaaaaa", "resnet50");
        Path out = dir.resolve("merged");

        ResultsMerge.Outcome outcome = ResultsMerge.write(List.of(a, a), out, false);

        assertThat(outcome.rows()).isEqualTo(1);
        assertThat(outcome.duplicates()).containsExactly(a.resolve(ResultsCsv.FILE) + " line 2");
        assertThat(outcome.measuredTwice()).isEmpty();
    }

    /** Two runs of one configuration on one machine: both kept, and named. */
    @Test
    void oneConfigurationMeasuredInTwoRunsIsKeptTwiceAndNamed() throws Exception {
        Path a = folder("run-a", "aaaaaaaaaaaa", "resnet50");
        Path b = folder("run-b", "aaaaaaaaaaaa", "resnet50");

        ResultsMerge.Outcome outcome = ResultsMerge.write(List.of(a, b), dir.resolve("m"), false);

        assertThat(outcome.rows()).isEqualTo(2);
        assertThat(outcome.measuredTwice())
                .singleElement()
                .asString()
                .startsWith(" batchSize=1 interOpThreads=0 model=resnet50 c0 ")
                .endsWith(
                        "("
                                + a.resolve(ResultsCsv.FILE)
                                + " line 2, "
                                + b.resolve(ResultsCsv.FILE)
                                + " line 2)");
    }

    @Test
    void anotherSchemaIsRefusedNamingTheColumn() throws Exception {
        Path a = folder("new", "aaaaaaaaaaaa", "resnet50");
        Path old = Files.createDirectories(dir.resolve("old"));
        String header = Files.readAllLines(a.resolve(ResultsCsv.FILE)).get(0);
        Files.writeString(old.resolve(ResultsCsv.FILE), header.replace(",machine_id", "") + "\n");

        assertThatThrownBy(() -> ResultsMerge.write(List.of(a, old), dir.resolve("m"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        old.resolve(ResultsCsv.FILE)
                                + " has another schema: column 52 is 'jmh_params', this version's is"
                                + " 'machine_id'; run analyze --force on it with this version first");
        assertThat(dir.resolve("m").resolve(ResultsCsv.FILE)).doesNotExist();
    }

    @Test
    void missingResultsAndExistingOutputAreRefused() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> ResultsMerge.write(List.of(empty), dir.resolve("m"), false))
                .hasMessage(empty + " has no results.csv; run analyze on it first");
        Path a = folder("a", "aaaaaaaaaaaa", "mlp");
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve(ResultsCsv.FILE), "keep");
        assertThatThrownBy(() -> ResultsMerge.write(List.of(a), out, false))
                .hasMessage(out.resolve(ResultsCsv.FILE) + " exists; add --force to overwrite it");
        assertThat(out.resolve(ResultsCsv.FILE)).hasContent("keep");
    }
}
