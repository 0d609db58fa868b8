package org.effbench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/** JMH's command line as effbench reads it, checked before anything runs. */
class JmhCommandLineTest {

    @TempDir Path dir;

    /** The names JMH's own help prints, so the set read from its parser is JMH's whole set. */
    @Test
    void optionNamesAreTheOnesJmhsHelpLists() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(help, true, StandardCharsets.UTF_8));
            new CommandLineOptions().showHelp();
        } finally {
            System.setOut(original);
        }
        List<String> listed = new ArrayList<>();
        for (String line : help.toString(StandardCharsets.UTF_8).lines().toList()) {
            if (line.startsWith("  -")) {
                listed.add(line.strip().split("\\s+", 2)[0]);
            }
        }
        assertThat(listed).contains("-bm", "-rf", "-rff", "-l", "-lp", "-p", "-wi");
        assertThat(JmhCommandLine.optionNames()).containsExactlyInAnyOrderElementsOf(listed);
    }

    @Test
    void anOptionJmhDoesNotKnowIsToldApartFromABadValue() {
        assertThatThrownBy(() -> JmhCommandLine.parse(List.of("-p", "model=mlp", "--hlep")))
                .isInstanceOfSatisfying(
                        JmhCommandLine.UnknownOption.class,
                        e -> assertThat(e.option()).isEqualTo("--hlep"));
        assertThatThrownBy(() -> JmhCommandLine.parse(List.of("-wi", "many")))
                .isNotInstanceOf(JmhCommandLine.UnknownOption.class)
                .hasMessageStartingWith("bad JMH option: ");
        assertThatThrownBy(() -> JmhCommandLine.parse(List.of("-i", "1", "-f")))
                .isNotInstanceOf(JmhCommandLine.UnknownOption.class)
                .hasMessageStartingWith("bad JMH option: ");
    }

    /** A word JMH does not take is named with the words it takes, in one line. */
    @Test
    void aBadChoiceIsNamedWithTheAcceptedWords() {
        assertThatThrownBy(() -> JmhCommandLine.parse(List.of("-rf", "xml")))
                .hasMessage("-rf xml is not accepted; accepted: text, csv, scsv, json, latex");
        assertThatThrownBy(() -> JmhCommandLine.parse(List.of("-p", "model=mlp", "-bm", "bogus")))
                .hasMessageStartingWith("-bm bogus is not accepted; accepted: thrpt, avgt,");
        assertThatThrownBy(() -> JmhCommandLine.parse(List.of("-wm", "indi")))
                .hasMessage("-wm indi is not accepted; accepted: INDI, BULK, BULK_INDI");
        assertThatThrownBy(() -> JmhCommandLine.parse(List.of("-tu", "MILLISECONDS")))
                .hasMessage("-tu MILLISECONDS is not accepted; accepted: m, s, ms, us, ns");
        // every word named is one JMH takes
        for (String word : List.of("text", "csv", "scsv", "json", "latex")) {
            JmhCommandLine.parse(List.of("-rf", word));
        }
        for (String word : List.of("thrpt", "avgt", "sample", "ss", "all", "thrpt,sample")) {
            JmhCommandLine.parse(List.of("-bm", word));
        }
        for (String word : List.of("INDI", "BULK", "BULK_INDI")) {
            JmhCommandLine.parse(List.of("-wm", word));
        }
        for (String word : List.of("SILENT", "NORMAL", "EXTRA")) {
            JmhCommandLine.parse(List.of("-v", word));
        }
        for (String word : List.of("m", "s", "ms", "us", "ns")) {
            JmhCommandLine.parse(List.of("-tu", word));
        }
    }

    @Test
    void aPatternThatIsNoRegularExpressionIsBadInput() {
        assertThatThrownBy(() -> JmhCommandLine.parse(List.of("*infer")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "benchmark pattern '*infer' is not accepted; accepted: a regular"
                                + " expression");
    }

    /**
     * The model benchmark declares two modes, so JMH's list holds it twice; effbench names it once.
     */
    @Test
    void eachBenchmarkIsListedOnce() {
        String infer = "org.effbench.bench.InferenceBenchmark.infer";
        assertThat(JmhCommandLine.benchmarks(List.of(), List.of()))
                .contains(infer, "org.effbench.bench.MatmulPeakBenchmark.matmul");
        assertThat(JmhCommandLine.benchmarks(List.of("Inference"), List.of()))
                .containsExactly(infer);
        assertThat(JmhCommandLine.benchmarks(List.of("profiel"), List.of())).isEmpty();

        String list = printed(out -> JmhCommandLine.list(parse("-l"), out));
        assertThat(list.lines().filter(infer::equals)).hasSize(1);
        assertThat(list.lines().distinct()).hasSameSizeAs(list.lines().toList());

        String withParams =
                printed(
                        out ->
                                JmhCommandLine.listWithParams(
                                        parse("-lp", "Inference", "-p", "model=resnet50"), out));
        assertThat(withParams.lines().filter(infer::equals)).hasSize(1);
        assertThat(withParams)
                .contains("  param \"model\" = {resnet50}", "  param \"batchSize\" = {1}");
        assertThat(withParams.lines().filter(l -> l.contains("\"model\""))).hasSize(1);
    }

    @Test
    void listingsAndHelpMakeNoRunFolder() throws Exception {
        JmhRunner runner =
                new JmhRunner(dir, new PrintStream(new ByteArrayOutputStream()), Clock.systemUTC());
        for (List<String> args : List.of(List.of("-l"), List.of("-lp"), List.of("-lrf"))) {
            assertThat(runner.runJmh(args)).as(args.toString()).isEmpty();
        }
        assertThat(dir.resolve("runs")).doesNotExist();
    }

    @Test
    void aPatternMatchingNoBenchmarkStopsBeforeTheRunFolder() {
        JmhRunner runner =
                new JmhRunner(dir, new PrintStream(new ByteArrayOutputStream()), Clock.systemUTC());
        assertThatThrownBy(() -> runner.runJmh(List.of("profiel")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "no benchmark matches profiel; accepted: a regular expression matching"
                                + " one of org.effbench.bench.FmaPeakBenchmark.fma,"
                                + " org.effbench.bench.InferenceBenchmark.infer,");
        assertThatThrownBy(() -> runner.runJmh(List.of("-rff", "nowhere/x.csv")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-rff nowhere/x.csv: folder ")
                .hasMessageEndingWith("does not exist; accepted: a file in an existing folder");
        assertThat(dir.resolve("runs")).doesNotExist();
    }

    /** -rf/-rff: JMH's names and default format, in the run folder unless -rff says where. */
    @Test
    void theResultFormatAskedForIsWrittenBesideEffbenchsJson() throws Exception {
        assertThat(JmhRunner.UserResult.of(parse("-p", "model=mlp"))).isEmpty();
        RunFolder folder = RunFolder.create(dir, "jmh", Instant.parse("2026-11-28T00:00:00Z"));
        Path own = folder.write("jmh-callers-1.json", "[]");

        JmhRunner.UserResult csv = JmhRunner.UserResult.of(parse("-rf", "csv")).orElseThrow();
        assertThat(csv.write(folder, "jmh-callers-1.json", List.of()))
                .isEqualTo(folder.file("jmh-result.csv"));
        assertThat(folder.file("jmh-result.csv")).content().startsWith("\"Benchmark\",\"Mode\"");

        // JSON in the folder is effbench's own file: no second copy for analyze to read twice
        JmhRunner.UserResult json = JmhRunner.UserResult.of(parse("-rf", "json")).orElseThrow();
        assertThat(json.write(folder, "jmh-callers-1.json", List.of())).isEqualTo(own);

        Path elsewhere = dir.resolve("mine.txt");
        JmhRunner.UserResult text =
                JmhRunner.UserResult.of(parse("-rf", "text", "-rff", elsewhere.toString()))
                        .orElseThrow();
        assertThat(text.format()).isEqualTo(ResultFormatType.TEXT);
        assertThat(text.write(folder, "jmh-callers-1.json", List.of())).isEqualTo(elsewhere);
        assertThat(elsewhere).exists();

        // -rff alone: JMH's default format
        assertThat(JmhRunner.UserResult.of(parse("-rff", "x.out")).orElseThrow().format())
                .isEqualTo(ResultFormatType.CSV);
        try (Stream<Path> files = Files.list(folder.path())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("jmh-callers-1.json", "jmh-result.csv");
        }
    }

    private static CommandLineOptions parse(String... args) {
        return JmhCommandLine.parse(List.of(args));
    }

    private interface Printer {
        void print(PrintStream out);
    }

    private static String printed(Printer printer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        printer.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
