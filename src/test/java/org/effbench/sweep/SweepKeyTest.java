package org.effbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.effbench.launch.Allocator;
import org.effbench.launch.ForkLauncher;
import org.effbench.launch.MklDispatch;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The table of sweep keys is what the README documents, what the parser reads and what describe
 * writes.
 */
class SweepKeyTest {

    private static final String REQUIRED =
            String.join(
                    "\n",
                    "models = mlp",
                    "batchSizes = 1",
                    "intraOpThreads = 1",
                    "callers = 1",
                    "modes = sample",
                    "warmupIterations = 0",
                    "warmupTime = 500ms",
                    "measurementIterations = 1",
                    "measurementTime = 1s",
                    "forks = 1",
                    "ceilingMatrixSize = 0",
                    "ceilingArrayMiB = 0",
                    "");

    private static final String CNN = "file:src/test/resources/torchscript/small_cnn_1x3x32x32.pt";

    @Test
    void theReadmeDocumentsEveryKeyWordForWord() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("benchmarks/README.md"));
        int marker =
                readme.indexOf(
                        readme.stream()
                                .filter(
                                        l ->
                                                l.contains(
                                                        "generated from src/main/java/org/effbench/sweep/SweepKey.java"))
                                .findFirst()
                                .orElseThrow(
                                        () ->
                                                new AssertionError(
                                                        "benchmarks/README.md lost the marker of its key table")));
        String documented =
                readme.subList(marker + 1, readme.size()).stream()
                        .takeWhile(l -> l.startsWith("|"))
                        .map(l -> l + "\n")
                        .collect(Collectors.joining());

        assertThat(documented)
                .as("benchmarks/README.md's key table; paste SweepKey.readmeTable() there")
                .isEqualTo(SweepKey.readmeTable());
    }

    @Test
    void theReadmeTableHasOneRowPerKeyNamingItsDefaultOrThatItIsRequiredAndItsKind() {
        List<String> rows = SweepKey.readmeTable().lines().skip(2).toList();
        assertThat(rows).hasSize(SweepKey.all().size());
        assertThat(rows.get(0)).startsWith("| `kind` (optional) | `jmh`, `serve` | what the sweep");
        assertThat(rows.get(1)).startsWith("| `models` | zoo ids");
        assertThat(rows)
                .contains(
                        "| `batchSizes` | whole numbers ≥ 1 | jmh only: samples per forward pass |",
                        "| `warmupIterations` | whole number ≥ 0 | jmh only: JMH warm-up iterations per fork |",
                        "| `interOpThreads` (optional) | whole numbers ≥ 0 | jmh only: libtorch inter-op threads; 0 (the default) leaves libtorch's choice |",
                        "| `modes` | `sample`, `thrpt`, `avgt`, `ss` | jmh only: JMH modes: `sample` gives the latency distribution, `thrpt` the throughput |",
                        "| `maxBatch` | whole numbers ≥ 1 | serve only: the dynamic batcher's largest batch (`--max-batch`); 1 is no batching |",
                        "| `minQueries` (optional) | whole number ≥ 1 | serve only: a point serves at least this many queries or is invalid (`--min-queries`); default 1000 |");
        assertThat(rows)
                .filteredOn(r -> r.startsWith("| `launch.NAME`"))
                .singleElement()
                .asString()
                .startsWith(
                        "| `launch.NAME` (optional, any number) | `field=value; …` with fields `allocator`, "
                                + "`mklOnAmd`, `jdk`, `jvmArgs`, `env.NAME` | a launch set");
    }

    @Test
    void absentOptionalKeysTakeTheirDefaultsAndAreWrittenAsBefore() {
        SweepDefinition d = SweepDefinition.parse("benchmarks/t.properties", REQUIRED, 2);

        assertThat(d.get(SweepKey.INTER_OP_THREADS)).containsExactly(0);
        assertThat(d.get(SweepKey.TIMEOUT))
                .isEqualTo(TimeValue.seconds(600)); // JMH's default, 10 min
        assertThat(d.get(SweepKey.INPUT)).isEmpty();
        assertThat(d.get(SweepKey.JDK)).isEmpty();
        assertThat(d.get(SweepKey.INTERLEAVE)).isEqualTo(SweepDefinition.Interleave.LAUNCHES);
        assertThat(d.get(SweepKey.LAUNCHES))
                .containsExactly(new LaunchSet("default", ForkLauncher.defaults(), List.of()));
        // the canonical form, key for key, as run records and the resume hash have always had it
        ForkLauncher defaults = ForkLauncher.defaults();
        assertThat(d.describe())
                .containsExactly(
                        Map.entry("name", "t"),
                        Map.entry("models", "mlp"),
                        Map.entry("batchSizes", "1"),
                        Map.entry("intraOpThreads", "1"),
                        Map.entry("callers", "1"),
                        Map.entry("modes", "sample"),
                        Map.entry("warmupIterations", "0"),
                        Map.entry("warmupTime", "500ms"),
                        Map.entry("measurementIterations", "1"),
                        Map.entry("measurementTime", "1s"),
                        Map.entry("forks", "1"),
                        Map.entry("ceilingMatrixSize", "0"),
                        Map.entry("ceilingArrayMiB", "0"),
                        Map.entry("interOpThreads", "0"),
                        Map.entry(
                                "launch.default",
                                "allocator="
                                        + defaults.allocator().id()
                                        + "; mklOnAmd="
                                        + defaults.mkl().id()));
    }

    @Test
    void everyKeyGivenIsReadAndWrittenBackInCanonicalFormThatParsesToTheSameDefinition() {
        String jdk = System.getProperty("java.home");
        String text =
                REQUIRED.replace("models = mlp", "models = mlp, " + CNN)
                                .replace("modes = sample", "modes = thrpt,ss")
                                .replace("measurementTime = 1s", "measurementTime = 2S")
                        + "input = 1x3x32x32:FP32\n"
                        + "interOpThreads = 0, 2\n"
                        + "timeout = 90S\n"
                        + "allocator = glibc\n"
                        + "mklOnAmd = off\n"
                        + "jdk = "
                        + jdk
                        + "\n"
                        + "launch.base = \n"
                        + "launch.gc = jvmArgs=-XX:+UseParallelGC\n"
                        + "interleave = models\n";
        SweepDefinition d = SweepDefinition.parse("t", text, 2);

        assertThat(d.get(SweepKey.ALLOCATOR)).isEqualTo(Allocator.GLIBC);
        assertThat(d.get(SweepKey.TIMEOUT)).isEqualTo(TimeValue.seconds(90));
        assertThat(d.get(SweepKey.MKL_ON_AMD)).isEqualTo(MklDispatch.OFF);
        assertThat(d.get(SweepKey.JDK)).isEqualTo(Optional.of(Path.of(jdk)));
        Map<String, String> described = d.describe();
        assertThat(described)
                .containsExactly(
                        Map.entry("name", "t"),
                        Map.entry("models", "mlp, " + CNN),
                        Map.entry("input", "1x3x32x32:float32"),
                        Map.entry("batchSizes", "1"),
                        Map.entry("intraOpThreads", "1"),
                        Map.entry("callers", "1"),
                        Map.entry("modes", "thrpt, ss"),
                        Map.entry("warmupIterations", "0"),
                        Map.entry("warmupTime", "500ms"),
                        Map.entry("measurementIterations", "1"),
                        Map.entry("measurementTime", "2s"),
                        Map.entry("forks", "1"),
                        Map.entry("timeout", "90s"),
                        Map.entry("ceilingMatrixSize", "0"),
                        Map.entry("ceilingArrayMiB", "0"),
                        Map.entry("interOpThreads", "0, 2"),
                        Map.entry("launch.base", "allocator=glibc; mklOnAmd=off; jdk=" + jdk),
                        Map.entry(
                                "launch.gc",
                                "allocator=glibc; mklOnAmd=off; jdk="
                                        + jdk
                                        + "; jvmArgs=-XX:+UseParallelGC"),
                        Map.entry("interleave", "models"));
        String asFile =
                described.entrySet().stream()
                        .filter(e -> !e.getKey().equals("name"))
                        .map(e -> e.getKey() + " = " + e.getValue())
                        .collect(Collectors.joining("\n"));
        assertThat(SweepDefinition.parse("t", asFile, 2)).isEqualTo(d);
    }

    @Test
    void keysAreFoundByTheirNameAndLaunchSetsByTheirPrefix() {
        assertThat(SweepKey.of("batchSizes")).contains(SweepKey.BATCH_SIZES);
        assertThat(SweepKey.of("launch.omp-bind")).contains(SweepKey.LAUNCHES);
        assertThat(SweepKey.of("batchSize")).isEmpty();
        assertThat(SweepKey.of("launch")).isEmpty();
        assertThat(SweepKey.all()).extracting(SweepKey::name).doesNotHaveDuplicates();
        assertThat(SweepKey.all())
                .filteredOn(k -> k.required() && k.appliesTo(SweepKind.JMH))
                .extracting(SweepKey::name)
                .containsExactly(
                        "models",
                        "batchSizes",
                        "intraOpThreads",
                        "callers",
                        "modes",
                        "warmupIterations",
                        "warmupTime",
                        "measurementIterations",
                        "measurementTime",
                        "forks",
                        "ceilingMatrixSize",
                        "ceilingArrayMiB");
        assertThat(SweepKey.all())
                .filteredOn(k -> k.required() && k.appliesTo(SweepKind.SERVE))
                .extracting(SweepKey::name)
                .containsExactly(
                        "models",
                        "layouts",
                        "maxBatch",
                        "p99",
                        "ceilingMatrixSize",
                        "ceilingArrayMiB");
    }

    @Test
    void optionalKeysAreCheckedAtTheirLine() {
        assertThatThrownBy(
                        () -> SweepDefinition.parse("t", REQUIRED + "interOpThreads = 0, -1\n", 2))
                .hasMessage(
                        "t:13: interOpThreads -1 is not accepted; accepted: a whole number >= 0 (0: libtorch's default)");
        assertThatThrownBy(() -> SweepDefinition.parse("t", REQUIRED + "interleave = batches\n", 2))
                .hasMessage(
                        "t:13: interleave 'batches' is not accepted; accepted: launches, models");
        assertThatThrownBy(
                        () ->
                                SweepDefinition.parse(
                                        "t",
                                        REQUIRED + "launch.a = jvmArgs=-Xmx1g\nlaunch.b = gc=G1\n",
                                        2))
                .hasMessage(
                        "t:14: unknown field 'gc'; accepted fields: allocator, mklOnAmd, jdk, jvmArgs, env.NAME");
    }
}
