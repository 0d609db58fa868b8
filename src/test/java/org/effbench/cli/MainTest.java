package org.effbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Bad input ends in one line naming the value and what is accepted, exit 2, before anything runs.
 */
class MainTest {

    @RegisterExtension final CapturedErr err = new CapturedErr();

    @TempDir Path results;

    @Test
    void noArgumentsIsTheQuickRunAndForeignArgumentsGoToJmh() {
        CommandLine cli = new CommandLine(new Main());
        assertThat(Main.route(cli)).containsExactly("quick");
        assertThat(Main.route(cli, "-p", "model=resnet50"))
                .containsExactly("jmh", "-p", "model=resnet50");
        assertThat(Main.route(cli, "MatmulPeakBenchmark"))
                .containsExactly("jmh", "MatmulPeakBenchmark");
        assertThat(Main.route(cli, "-wi", "1")).containsExactly("jmh", "-wi", "1");
        for (String own :
                List.of(
                        "help",
                        "quick",
                        "sweep",
                        "tune",
                        "jmh",
                        "analyze",
                        "compare",
                        "merge",
                        "profile",
                        "ops",
                        "serve",
                        "serve-check",
                        "deviation",
                        "models",
                        "info",
                        "-h",
                        "--help",
                        "-V",
                        "--version")) {
            assertThat(Main.route(cli, own, "x")).as(own).containsExactly(own, "x");
        }
    }

    /** A command that exists only in this test. */
    @CommandLine.Command(name = "extra")
    static final class Extra implements Runnable {
        @Override
        public void run() {}
    }

    @Test
    void whatIsOursIsPicocliSRegistryNotAListKeptByHand() {
        CommandLine cli = new CommandLine(new Main());
        assertThat(Main.route(cli, "extra")).containsExactly("jmh", "extra");
        cli.addSubcommand(new Extra());
        assertThat(Main.route(cli, "extra")).containsExactly("extra");
    }

    @Test
    void helpIsACommandAndMakesNoRunFolder() {
        Set<String> before = runFolders();

        String top = printedOut(() -> assertThat(Main.run("help")).isZero());
        assertThat(top).startsWith("Usage: benchmarks.jar").contains("profile", "help");
        String profile = printedOut(() -> assertThat(Main.run("help", "profile")).isZero());
        assertThat(profile).startsWith("Usage: benchmarks.jar profile").contains("--model");
        assertOneLineBadInput(
                List.of("help", "profiel"),
                "benchmarks.jar: unknown command 'profiel'; did you mean profile?");

        assertThat(runFolders()).as("no run folder").isEqualTo(before);
    }

    @Test
    void aMistypedCommandIsNotTakenForABenchmarkPattern() {
        Set<String> before = runFolders();
        assertOneLineBadInput(
                List.of("profiel", "--model", "mlp"),
                "benchmarks.jar: unknown command 'profiel' (no benchmark matches it either);"
                        + " did you mean profile?");
        assertOneLineBadInput(
                List.of("hlep"),
                "benchmarks.jar: unknown command 'hlep' (no benchmark matches it either);"
                        + " did you mean help?");
        assertOneLineBadInput(List.of("modles"), "benchmarks.jar: unknown command 'modles'");
        assertThat(runFolders()).as("no run folder").isEqualTo(before);

        CommandLine cli = new CommandLine(new Main());
        assertThat(Main.mistypedCommand(cli, "MatmulPeakBenchmark")).isEmpty();
        assertThat(Main.mistypedCommand(cli, "-p", "model=mlp")).isEmpty();
        // named as JMH's, the word is JMH's: its own message (no benchmark matches)
        assertThat(Main.mistypedCommand(cli, "jmh", "profiel")).isEmpty();
        cli.addSubcommand("matmux", new Extra());
        assertThat(Main.mistypedCommand(cli, "matmul"))
                .as("close to a command, but it selects a benchmark")
                .isEmpty();
    }

    @Test
    void aPatternMatchingNoBenchmarkIsBadInput() {
        assertBadInput(
                "benchmarks.jar: no benchmark matches foo; accepted: a regular expression matching"
                        + " one of org.effbench.bench.FmaPeakBenchmark.fma,"
                        + " org.effbench.bench.InferenceBenchmark.infer",
                "foo");
        assertBadInput(
                "benchmarks.jar: benchmark pattern '*infer' is not accepted; accepted: a regular"
                        + " expression",
                "*infer");
    }

    @Test
    void anUnknownOptionIsNamedWithTheClosestKnownOnes() {
        Set<String> before = runFolders();
        assertOneLineBadInput(
                List.of("--hlep"), "benchmarks.jar: unknown option '--hlep'; did you mean --help?");
        assertThat(runFolders()).as("no run folder").isEqualTo(before);
        assertBadInput(
                "benchmarks.jar: unknown option '--resutls'; did you mean --results?",
                "-p",
                "model=mlp",
                "--resutls",
                "elsewhere");
        assertBadInput(
                "benchmarks.jar: unknown option '--forks' (accepted: JMH's, benchmarks.jar jmh -h,"
                        + " and effbench's, benchmarks.jar -h)",
                "--forks",
                "1");
        assertOneLineBadInput(
                List.of("profile", "--modle", "mlp"),
                "benchmarks.jar: unknown option '--modle' for profile; did you mean --model?"
                        + " (accepted: benchmarks.jar help profile)");
        assertOneLineBadInput(
                List.of("compare", "--threshhold", "5", "a", "b"),
                "benchmarks.jar: unknown option '--threshhold' for compare; did you mean"
                        + " --threshold?");
    }

    @Test
    void listingsNameEachBenchmarkOnceAndMakeNoRunFolder() {
        String list = printedOut(() -> assertThat(Main.run("--results=" + results, "-l")).isZero());
        assertThat(list.lines().filter("org.effbench.bench.InferenceBenchmark.infer"::equals))
                .hasSize(1);
        String withParams =
                printedOut(
                        () ->
                                assertThat(Main.run("jmh", "--results=" + results, "-lp", "Infer"))
                                        .isZero());
        assertThat(withParams.lines().filter(l -> l.contains("param \"model\""))).hasSize(1);
        assertThat(results.resolve("runs")).as("nothing ran").doesNotExist();
    }

    @Test
    void versionNamesTheProjectVersionAndTheCommit() {
        String printed = printedOut(() -> assertThat(Main.run("--version")).isZero());
        assertThat(printed.lines().findFirst().orElseThrow())
                .matches(
                        "effbench \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?, commit"
                                + " ([0-9a-f]{40}( with uncommitted changes)?|unknown)");
    }

    /** The run folders under the working directory's results/, where a stray JMH run would go. */
    private static Set<String> runFolders() {
        Path runs = Path.of("results", "runs");
        if (!Files.isDirectory(runs)) {
            return Set.of();
        }
        try (Stream<Path> folders = Files.list(runs)) {
            return folders.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code action} printed to standard output. */
    private static String printedOut(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void unknownModel() {
        assertBadInput(
                "benchmarks.jar: unknown model 'resnet51'; known models: alexnet, vgg16, resnet18, resnet50, "
                        + "mobilenet_v2, squeezenet1_1, bert_base, lstm, mlp",
                "-p",
                "model=mlp,resnet51");
    }

    @Test
    void batchSizeAndThreadsBelowOne() {
        assertBadInput(
                "benchmarks.jar: batchSize 0 is not accepted; accepted: a whole number >= 1",
                "-p",
                "batchSize=1,0");
        assertBadInput(
                "benchmarks.jar: interOpThreads -1 is not accepted; accepted: a whole number >= 0 (0: libtorch's default)",
                "-p",
                "interOpThreads=-1");
        assertBadInput(
                "benchmarks.jar: intraOpThreads -2 is not accepted; accepted: a whole number >= 1",
                "-p",
                "intraOpThreads=-2");
    }

    @Test
    void sequenceLengthTheModelCannotTake() {
        assertBadInput(
                "benchmarks.jar: sequence length 600 for bert_base is out of range; accepted: 1..512",
                "-p",
                "model=bert_base:seq=600");
    }

    @Test
    void malformedJmhOption() {
        assertBadInput("benchmarks.jar: bad JMH option: ", "-wi", "many");
    }

    @Test
    void missingDefinitionFile() {
        assertBadInput(
                "benchmarks.jar: sweep definition nowhere.properties does not exist or is not a file",
                "quick",
                "--definition",
                "nowhere.properties");
    }

    @Test
    void profileRejectsBadDtypeBatchAndShapes() {
        assertProfileBadInput(
                "benchmarks.jar: unknown dtype 'fp8'; accepted: fp32, fp16, bf16, int8, int4",
                "--model",
                "mlp",
                "--dtype",
                "fp8");
        assertProfileBadInput(
                "benchmarks.jar: --batch 0 is not accepted; accepted: a whole number >= 1",
                "--model",
                "mlp",
                "--batch",
                "0");
        assertProfileBadInput(
                "benchmarks.jar: unknown model 'resnet'; known models: alexnet",
                "--model",
                "resnet");
        assertProfileBadInput(
                "benchmarks.jar: input 3x32 does not fit alexnet: it takes 3 dimensions per sample, e.g. 3x224x224",
                "--model",
                "alexnet",
                "--input",
                "3x32");
        assertProfileBadInput(
                "benchmarks.jar: input does not fit the model: layer 0.12 (Pool2dBlock) cannot take (1, 256, 1, 1)",
                "--model",
                "alexnet",
                "--input",
                "3x32x32");
        assertProfileBadInput(
                "benchmarks.jar: input '3x0x2' is not accepted; accepted: dimensions >= 1 joined by x",
                "--model",
                "alexnet",
                "--input",
                "3x0x2");
    }

    @Test
    void profileNeverOverwritesWithoutForce() throws Exception {
        java.nio.file.Path existing =
                java.nio.file.Files.writeString(results.resolve("p.csv"), "keep");
        assertProfileBadInput(
                "benchmarks.jar: output " + existing + " exists; add --force to overwrite it",
                "--model",
                "mlp",
                "--output",
                existing.toString());
        assertThat(existing).hasContent("keep");
    }

    @Test
    void profileCountsATorchScriptFilePerOperator() throws Exception {
        java.nio.file.Path report = results.resolve("cnn.txt");
        // --no-measure: in this JVM (the measured peak needs one started with another malloc, see
        // BenchmarksJarIT)
        int code =
                Main.run(
                        "profile",
                        "--model",
                        "file:src/test/resources/torchscript/small_cnn_1x3x32x32.pt",
                        "--input",
                        "1x3x32x32",
                        "--no-measure",
                        "--output",
                        report.toString());

        assertThat(code).as(err.text()).isZero();
        // hand-worked in TorchScriptOperatorsTest: 295,072 MACs; 1,578 parameters, 6,312 bytes in
        // fp32
        assertThat(report)
                .content()
                .containsPattern("Total +295,072 +295,072 +fp32 +yes")
                .contains(
                        "Computed in (the dtype of the products' operands in the code: casts"
                                + " followed, weights as saved): fp32, every MAC")
                .contains("Parameters: 1,578", "fp32 6,312 bytes;", "int8 1,578 bytes;")
                .doesNotContain("NOT UNDERSTOOD");
        java.nio.file.Path csv = results.resolve("cnn.csv");
        assertThat(
                        Main.run(
                                "profile",
                                "--model",
                                "file:src/test/resources/torchscript/small_cnn_1x3x32x32.pt",
                                "--input",
                                "4x3x32x32",
                                "--format",
                                "csv",
                                "--output",
                                csv.toString()))
                .isZero();
        // --input's batch is the batch: 4 x 295,072 from the code and from the trace
        assertThat(csv)
                .content()
                .contains("TOTAL,,1180288,2360576,1180288,yes,", "parameters 1578;")
                .containsPattern("(?m)^TOTAL,.*,fp32$");
        java.nio.file.Path mixed = results.resolve("mixed.txt");
        assertThat(
                        Main.run(
                                "profile",
                                "--model",
                                "file:src/test/resources/torchscript/bf16_mixed_1x3x16x16.pt",
                                "--input",
                                "1x3x16x16",
                                "--no-measure",
                                "--output",
                                mixed.toString()))
                .isZero();
        // reference.json: bf16 convolutions 92,160 MACs, the fp32 head 5,120; saved: 808 bf16
        // conv parameters x 2 bytes + 5,130 fp32 head parameters x 4 = 22,136 bytes
        assertThat(mixed)
                .content()
                .containsPattern("_convolution +2 +92,160 +92,160 +bf16 +yes")
                .containsPattern("linear +1 +5,120 +5,120 +fp32 +yes")
                .contains("weights as saved): mixed, bf16 94.7% of MACs, fp32 5.26%")
                .contains("as saved: 22,136 bytes");
        java.nio.file.Path branch = results.resolve("branch.txt");
        assertThat(
                        Main.run(
                                "profile",
                                "--model",
                                "file:src/test/resources/torchscript/scripted_data_branch_1x8.pt",
                                "--input",
                                "1x8",
                                "--no-measure",
                                "--output",
                                branch.toString()))
                .isZero();
        // the code stops at the branch on tensor values: its partial count is not called a
        // disagreement
        assertThat(branch)
                .content()
                .contains("code: stopped early", "FLOPs = 2 x MACs: 128+?", "forward:13")
                .doesNotContain("DIFFERS");
        assertOneLineBadInput(
                List.of(
                        "profile",
                        "--model",
                        "file:src/test/resources/torchscript/small_cnn_1x3x32x32.pt"),
                "benchmarks.jar: a file: model needs --input, e.g. 1x3x224x224 or 1x128:int64,1x128:int64");
    }

    @Test
    void opsRejectsBadInputBeforeStartingAnything() throws Exception {
        assertOneLineBadInput(
                List.of("ops", "--model", "resnet51"),
                "benchmarks.jar: unknown model 'resnet51'; known models: alexnet");
        assertOneLineBadInput(
                List.of("ops", "--model", "mlp", "--batch", "0"),
                "benchmarks.jar: --batch 0 is not accepted; accepted: a whole number >= 1");
        assertOneLineBadInput(
                List.of("ops", "--model", "file:model.pt"),
                "benchmarks.jar: a file: model needs --input, e.g. 1x3x224x224 or 1x128:int64,1x128:int64");
        assertOneLineBadInput(
                List.of("ops", "--model", "mlp", "--passes", "0"),
                "benchmarks.jar: --passes 0 is not accepted; accepted: a whole number >= 1");
        assertOneLineBadInput(
                List.of("ops", "--model", "mlp", "--threads", "-1"),
                "benchmarks.jar: --threads -1 is not accepted; accepted: a whole number >= 1");
        java.nio.file.Path existing =
                java.nio.file.Files.writeString(results.resolve("ops.csv"), "keep");
        assertOneLineBadInput(
                List.of("ops", "--model", "mlp", "--output", existing.toString()),
                "benchmarks.jar: output " + existing + " exists; add --force to overwrite it");
        assertThat(existing).hasContent("keep");
    }

    @Test
    void serveRejectsBadInputBeforeStartingAnything() {
        String r = "--results=" + results;
        assertOneLineBadInput(
                List.of("serve", r, "--model", "resnet18", "--p99", "abc"),
                "benchmarks.jar: --p99 'abc' is not accepted; accepted: a duration such as 100ms,"
                        + " 0.5s or 250us, above 0");
        assertOneLineBadInput(
                List.of("serve", r, "--model", "resnet18", "--p99", "100ms", "--workers", "0"),
                "benchmarks.jar: --workers 0 is not accepted; accepted: a whole number >= 1");
        assertOneLineBadInput(
                List.of("serve", r, "--model", "resnet18", "--p99", "100ms", "--threads", "0"),
                "benchmarks.jar: --threads 0 is not accepted; accepted: a whole number >= 1");
        assertOneLineBadInput(
                List.of("serve", r, "--model", "resnet18", "--p99", "100ms", "--max-batch", "0"),
                "benchmarks.jar: --max-batch 0 is not accepted; accepted: a whole number >= 1");
        assertOneLineBadInput(
                List.of("serve", r, "--model", "resnet18", "--p99", "100ms", "--max-delay", "5"),
                "benchmarks.jar: --max-delay '5' is not accepted");
        assertOneLineBadInput(
                List.of("serve", r, "--model", "resnet18", "--p99", "100ms", "--arrival", "burst"),
                "benchmarks.jar: --arrival 'burst' is not accepted; accepted: poisson or constant");
        assertOneLineBadInput(
                List.of("serve", r, "--model", "resnet18", "--p99", "100ms", "--rate", "-3"),
                "benchmarks.jar: --rate '-3' is not accepted; accepted: queries per second above 0");
        assertOneLineBadInput(
                List.of("serve", r, "--model", "resnet51", "--p99", "100ms"),
                "benchmarks.jar: unknown model 'resnet51'");
        assertOneLineBadInput(
                List.of("serve", r, "--model", "resnet18"),
                "benchmarks.jar: Missing required option: '--p99=DURATION'");
        // a sweep's job: both hidden options or neither, into a folder that exists
        assertOneLineBadInput(
                List.of("serve", r, "--model", "mlp", "--p99", "100ms", "--job-id", "j"),
                "benchmarks.jar: --job-id and --into go together; accepted: both (a sweep's job)"
                        + " or neither");
        assertOneLineBadInput(
                List.of(
                        "serve",
                        r,
                        "--model",
                        "mlp",
                        "--p99",
                        "100ms",
                        "--job-id",
                        "j",
                        "--into",
                        results.resolve("missing").toString()),
                "benchmarks.jar: --into '"
                        + results.resolve("missing")
                        + "' is not accepted; accepted: an existing folder (the sweep's run"
                        + " folder)");
        assertOneLineBadInput(
                List.of(
                        "serve",
                        r,
                        "--model",
                        "mlp",
                        "--p99",
                        "100ms",
                        "--job-id",
                        "../j",
                        "--into",
                        "."),
                "benchmarks.jar: --job-id '../j' is not accepted; accepted: letters, digits, _"
                        + " and -");
        assertOneLineBadInput(
                List.of("serve-check", r, "--utilisations", "0.5,1.2"),
                "benchmarks.jar: --utilisations '1.2' is not accepted; accepted: numbers between 0"
                        + " and 1");
        assertOneLineBadInput(
                List.of("serve-check", r, "--service", "0ms"),
                "benchmarks.jar: --service '0ms' is not accepted");
        assertThat(results.resolve("runs")).as("nothing ran").doesNotExist();
    }

    private void assertProfileBadInput(String expectedStart, String... args) {
        List<String> call = new ArrayList<>(List.of("profile", "--no-measure"));
        call.addAll(Arrays.asList(args));
        assertOneLineBadInput(call, expectedStart);
    }

    private void assertOneLineBadInput(List<String> call, String expectedStart) {
        int code = Main.run(call.toArray(String[]::new));
        String printed = err.text();
        assertThat(code).isEqualTo(Main.BAD_INPUT);
        assertThat(printed).startsWith(expectedStart);
        assertThat(printed.strip().lines()).as("one line").hasSize(1);
        err.reset();
    }

    private void assertBadInput(String expectedStart, String... args) {
        List<String> call = new ArrayList<>();
        boolean quick = args[0].equals("quick");
        call.add(quick ? "quick" : "jmh");
        call.add("--results=" + results);
        call.addAll(Arrays.asList(args).subList(quick ? 1 : 0, args.length));

        int code = Main.run(call.toArray(String[]::new));

        String printed = err.text();
        assertThat(code).isEqualTo(Main.BAD_INPUT);
        assertThat(printed).startsWith(expectedStart);
        assertThat(printed.strip().lines()).as("one line").hasSize(1);
        assertThat(results.resolve("runs")).as("nothing ran").doesNotExist();
        err.reset();
    }
}
