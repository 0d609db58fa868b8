package org.effbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/publish.sh}, run with bash in a copy of the repository's layout: a name outside
 * results/ or an empty one is refused before anything is touched, a published folder is replaced
 * only once its new copy is complete, quick runs and runs from uncommitted code are refused unless
 * told, and a publish keeps the run folder as it was.
 */
class PublishScriptTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String RUN = "results/runs/standard-20261128T000000Z";
    private static final String HLOG = "#[effbench serve histograms]\n";

    private static final String RAW =
            "[{\"benchmark\":\"org.effbench.bench.InferenceBenchmark.infer\"}]\n";

    @TempDir Path repo;

    @BeforeEach
    void layout() throws IOException {
        Files.createDirectories(repo.resolve("scripts"));
        Files.copy(Path.of("scripts", "publish.sh"), repo.resolve("scripts/publish.sh"));
        makeRun(RUN, "standard", COMMIT);
        Files.createDirectories(repo.resolve("results/standard-20261126"));
        Files.writeString(
                repo.resolve("results/standard-20261126/results.csv"), "published earlier\n");
        Files.writeString(repo.resolve("results/README.md"), "the results\n");
    }

    @Test
    void anEmptyNameIsRefusedAndNothingIsDeleted() throws Exception {
        Map<String, String> before = tree();

        Result r = publish(RUN, "", "--force");

        r.assertBadInput(
                "publish.sh: name '' is not accepted; accepted: a plain folder name under results/");
        assertThat(tree()).isEqualTo(before);
    }

    @Test
    void aNameThatIsNotAPlainFolderUnderResultsIsRefused() throws Exception {
        Map<String, String> before = tree();
        for (String name : List.of("../elsewhere", "a/b", ".hidden", "..", "runs", "-x", "a b")) {
            publish(RUN, name, "--force")
                    .assertBadInput(
                            "publish.sh: name '"
                                    + name
                                    + "' is not accepted; accepted: a plain folder name");
        }
        assertThat(repo.resolve("elsewhere")).doesNotExist();
        assertThat(tree()).isEqualTo(before);
    }

    @Test
    void anExistingFolderIsKeptWithoutForce() throws Exception {
        Map<String, String> before = tree();

        publish(RUN, "standard-20261126")
                .assertBadInput(
                        "publish.sh: name 'standard-20261126' is not accepted: results/standard-20261126"
                                + " exists; add --force to replace it");
        publish(RUN, "README.md", "--force")
                .assertBadInput(
                        "publish.sh: name 'README.md' is not accepted: results/README.md is a file");
        assertThat(tree()).isEqualTo(before);
    }

    @Test
    void aQuickRunIsRefusedUnlessAllowed() throws Exception {
        String byName = "results/runs/quick-20261128T000000Z";
        makeRun(byName, "quick", COMMIT);
        String byKind = "results/runs/mine-20261128T000000Z";
        makeRun(byKind, "quick", COMMIT);
        Map<String, String> before = tree();

        publish(byName, "q")
                .assertBadInput("publish.sh: run folder '" + byName + "' is a quick run");
        publish(byKind, "q")
                .assertBadInput("publish.sh: run folder '" + byKind + "' is a quick run");
        assertThat(tree()).isEqualTo(before);

        assertThat(publish(byKind, "q", "--allow-quick").code).isZero();
        assertThat(repo.resolve("results/q/results.csv")).exists();
    }

    @Test
    void aRunFromUncommittedOrUnrecordedCodeIsRefusedUnlessAllowed() throws Exception {
        String dirty = "results/runs/dirty-20261128T000000Z";
        makeRun(dirty, "standard", COMMIT + "+uncommitted");
        String untold = "results/runs/untold-20261128T000000Z";
        makeRun(untold, "standard", "unknown");
        String noMachine = "results/runs/nomachine-20261128T000000Z";
        makeRun(noMachine, "standard", COMMIT);
        Files.delete(repo.resolve(noMachine).resolve("machine.json"));
        Map<String, String> before = tree();

        publish(dirty, "d")
                .assertBadInput(
                        "publish.sh: run folder '"
                                + dirty
                                + "' was measured from uncommitted code (gitCommit "
                                + COMMIT
                                + "+uncommitted in machine.json); accepted: a run from committed code, or add"
                                + " --allow-dirty");
        publish(untold, "d")
                .assertBadInput(
                        "publish.sh: run folder '"
                                + untold
                                + "': cannot tell whether it was measured");
        publish(noMachine, "d")
                .assertBadInput(
                        "publish.sh: run folder '"
                                + noMachine
                                + "': cannot tell whether it was measured");
        assertThat(tree()).isEqualTo(before);

        assertThat(publish(dirty, "d", "--allow-dirty").code).isZero();
    }

    @Test
    void aFolderThatWasNotAnalyzedIsRefused() throws Exception {
        Files.delete(repo.resolve(RUN).resolve("results.csv"));
        publish(RUN, "pub")
                .assertBadInput(
                        "publish.sh: run folder '"
                                + RUN
                                + "' is not accepted; accepted: an analyzed run folder");
        publish(RUN, "pub", "--forse")
                .assertBadInput("publish.sh: unknown option '--forse'; accepted: --force");
    }

    @Test
    void publishingKeepsTheRunAndGzipsItsRawJson() throws Exception {
        Map<String, String> run = tree(repo.resolve(RUN));

        Result r = publish(RUN, "standard-20261128");

        assertThat(r.code).as(r.err).isZero();
        assertThat(r.err).isEmpty();
        assertThat(r.out).startsWith("published " + RUN + " as results/standard-20261128 (");
        assertThat(tree(repo.resolve(RUN))).as("the run folder as it was").isEqualTo(run);
        Path published = repo.resolve("results/standard-20261128");
        try (Stream<Path> files = Files.list(published)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "results.csv",
                            "rounds.csv",
                            "results.json",
                            "model-metrics.json",
                            "energy.json",
                            "machine.json",
                            "run.json",
                            "report.html",
                            "latency.png",
                            "jmh-default-mlp-b1.json.gz",
                            "serve-default-mlp-w1-t1-mb1-d0ms-serve.json.gz",
                            "serve-default-mlp-w1-t1-mb1-d0ms-serve.hlog.gz");
        }
        assertThat(gunzip(published.resolve("serve-default-mlp-w1-t1-mb1-d0ms-serve.hlog.gz")))
                .isEqualTo(HLOG);
        assertThat(published.resolve("results.csv"))
                .hasSameTextualContentAs(repo.resolve(RUN).resolve("results.csv"));
        assertThat(gunzip(published.resolve("jmh-default-mlp-b1.json.gz"))).isEqualTo(RAW);
        assertThat(hiddenIn(repo.resolve("results"))).as("no temporary folder left").isEmpty();
    }

    @Test
    void forceReplacesAPublishedFolderOnlyOnceTheNewCopyIsComplete() throws Exception {
        Path published = repo.resolve("results/standard-20261126");
        // a raw JSON gzip cannot read: the copy fails half-way
        Files.createDirectories(repo.resolve(RUN).resolve("jmh-broken.json"));
        Map<String, String> before = tree();

        Result failed = publish(RUN, "standard-20261126", "--force");

        assertThat(failed.code).as(failed.err).isEqualTo(1);
        assertThat(failed.err).startsWith("publish.sh: cannot compress ");
        assertThat(failed.err.strip().lines()).as("one line").hasSize(1);
        assertThat(tree()).as("the published folder as it was").isEqualTo(before);
        assertThat(hiddenIn(repo.resolve("results"))).isEmpty();

        Files.delete(repo.resolve(RUN).resolve("jmh-broken.json"));
        Result replaced = publish(RUN, "standard-20261126", "--force");

        assertThat(replaced.code).as(replaced.err).isZero();
        assertThat(replaced.out).contains("(replacing the earlier copy)");
        assertThat(published.resolve("results.csv"))
                .content()
                .isEqualTo("model,latency_ms_p50\nmlp,0.1\n");
        assertThat(published.resolve("jmh-default-mlp-b1.json.gz")).exists();
        assertThat(hiddenIn(repo.resolve("results"))).isEmpty();
    }

    private void makeRun(String folder, String kind, String commit) throws IOException {
        Path run = Files.createDirectories(repo.resolve(folder));
        Files.writeString(run.resolve("results.csv"), "model,latency_ms_p50\nmlp,0.1\n");
        Files.writeString(
                run.resolve("run.json"),
                "{\n  \"runId\" : \""
                        + run.getFileName()
                        + "\",\n  \"kind\" : \""
                        + kind
                        + "\",\n  \"arguments\" : [ \"quick\" ]\n}\n");
        Files.writeString(
                run.resolve("machine.json"),
                "{\n  \"cpu\" : \"x\",\n  \"gitCommit\" : \"" + commit + "\"\n}\n");
        Files.writeString(run.resolve("report.html"), "<html></html>\n");
        // the derived files beside results.csv: PublishedResultsTest needs results.json
        Files.writeString(run.resolve("results.json"), "{}\n");
        Files.writeString(run.resolve("model-metrics.json"), "{}\n");
        Files.writeString(run.resolve("energy.json"), "{}\n");
        // a run in rounds: each round's figures, which the pooled results.csv cannot give back
        Files.writeString(run.resolve("rounds.csv"), "model,round,latency_ms_mean\nmlp,1,0.1\n");
        Files.write(run.resolve("latency.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.writeString(run.resolve("jmh-default-mlp-b1.json"), RAW);
        // a serve sweep's job: its JSON and its raw histograms, both gzipped when published
        Files.writeString(run.resolve("serve-default-mlp-w1-t1-mb1-d0ms-serve.json"), "{}\n");
        Files.writeString(run.resolve("serve-default-mlp-w1-t1-mb1-d0ms-serve.hlog"), HLOG);
        Files.writeString(run.resolve("jmh.log"), "the console\n");
    }

    private record Result(int code, String out, String err) {
        void assertBadInput(String expectedStart) {
            assertThat(code).as(err).isEqualTo(2);
            assertThat(err).startsWith(expectedStart);
            assertThat(err.strip().lines()).as("one line").hasSize(1);
            assertThat(out).isEmpty();
        }
    }

    private Result publish(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "scripts/publish.sh"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("publish-out", ".txt");
        Path err = Files.createTempFile("publish-err", ".txt");
        try {
            Process p =
                    new ProcessBuilder(command)
                            .directory(repo.toFile())
                            .redirectOutput(out.toFile())
                            .redirectError(err.toFile())
                            .start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("publish.sh finished").isTrue();
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    /** Every file and folder under the repository copy with its content. */
    private Map<String, String> tree() throws IOException {
        return tree(repo);
    }

    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                all.put(
                        root.relativize(p).toString(),
                        Files.isDirectory(p)
                                ? "/"
                                : new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        return all;
    }

    private static List<String> hiddenIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("."))
                    .toList();
        }
    }

    private static String gunzip(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
