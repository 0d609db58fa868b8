package org.effbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.effbench.launch.Allocator;
import org.effbench.launch.ForkLauncher;
import org.effbench.launch.MklDispatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Mode;

class SweepDefinitionTest {

    private static final String VALID =
            String.join(
                    "\n",
                    "# a comment",
                    "models = mlp, bert_base:seq=16",
                    "batchSizes = 1, 8",
                    "intraOpThreads = 1, all",
                    "callers = 1, 2",
                    "modes = sample, thrpt",
                    "warmupIterations = 0",
                    "warmupTime = 500ms",
                    "measurementIterations = 3",
                    "measurementTime = 2s",
                    "forks = 1",
                    "ceilingMatrixSize = 0",
                    "ceilingArrayMiB = 0",
                    "");

    @Test
    void parsesEveryKeyAndResolvesAllToTheCores() {
        SweepDefinition d = SweepDefinition.parse("benchmarks/test.properties", VALID, 4);

        assertThat(d.name()).isEqualTo("test");
        assertThat(d.get(SweepKey.MODELS))
                .extracting(Object::toString)
                .containsExactly("mlp", "bert_base:seq=16");
        assertThat(d.get(SweepKey.BATCH_SIZES)).containsExactly(1, 8);
        assertThat(d.get(SweepKey.INTRA_OP_THREADS)).containsExactly(1, 4);
        assertThat(d.get(SweepKey.CALLERS)).containsExactly(1, 2);
        assertThat(d.get(SweepKey.MODES)).containsExactly(Mode.SampleTime, Mode.Throughput);
        assertThat(
                        d.get(SweepKey.WARMUP_TIME)
                                .convertTo(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isEqualTo(500);
        // 2 models x 2 batch sizes x 2 thread counts x 2 caller counts x 2 modes x 1 fork
        assertThat(d.configurations()).isEqualTo(32);
    }

    @Test
    void describeIsTheDefinitionInItsOwnVocabularyAndParsesBack() {
        SweepDefinition d = SweepDefinition.parse("test", VALID, 4);
        Map<String, String> described = d.describe();
        String asFile =
                described.entrySet().stream()
                        .filter(e -> !e.getKey().equals("name"))
                        .map(e -> e.getKey() + " = " + e.getValue())
                        .collect(Collectors.joining("\n"));

        assertThat(described)
                .containsEntry("warmupTime", "500ms")
                .containsEntry("intraOpThreads", "1, 4");
        assertThat(SweepDefinition.parse("test", asFile, 4)).isEqualTo(d);
    }

    @Test
    void zooModelsAreRecordedInLowerCase() {
        SweepDefinition d =
                SweepDefinition.parse(
                        "t",
                        VALID.replace(
                                "models = mlp, bert_base:seq=16",
                                "models = ResNet50, BERT_BASE:SEQ=16"),
                        2);
        assertThat(d.get(SweepKey.MODELS))
                .extracting(Object::toString)
                .containsExactly("resnet50", "bert_base:seq=16");
        assertThat(d.describe()).containsEntry("models", "resnet50, bert_base:seq=16");
        assertThatThrownBy(
                        () ->
                                SweepDefinition.parse(
                                        "t",
                                        VALID.replace(
                                                "models = mlp, bert_base:seq=16",
                                                "models = mlp, MLP"),
                                        2))
                .hasMessage("t:2: models lists 'MLP' twice");
    }

    private static final String CNN = "file:src/test/resources/torchscript/small_cnn_1x3x32x32.pt";

    @Test
    void fileModelsTakeTheirShapesFromTheInputKeyAndRunBesideZooModels() {
        SweepDefinition d =
                SweepDefinition.parse(
                        "test",
                        VALID.replace("models = mlp, bert_base:seq=16", "models = mlp, " + CNN)
                                + "input = 1x3x32x32\n",
                        4);

        assertThat(d.get(SweepKey.MODELS)).extracting(Object::toString).containsExactly("mlp", CNN);
        assertThat(d.get(SweepKey.MODELS).get(1).input()).isEqualTo("1x3x32x32:float32");
        assertThat(d.get(SweepKey.MODELS).get(0).input()).isEmpty();
        assertThat(SweepPlan.models(d).get(SweepPlan.models(d).size() - 1).id())
                .isEqualTo(
                        "default-filesrctestresourcestorchscriptsmall_cnn_1x3x32x32pt-b8-t4-i0-c2-thrpt");
        Map<String, String> described = d.describe();
        assertThat(described).containsEntry("input", "1x3x32x32:float32");
        String asFile =
                described.entrySet().stream()
                        .filter(e -> !e.getKey().equals("name"))
                        .map(e -> e.getKey() + " = " + e.getValue())
                        .collect(Collectors.joining("\n"));
        assertThat(SweepDefinition.parse("test", asFile, 4)).isEqualTo(d);
    }

    @Test
    void aFileModelWithoutShapesOrShapesWithoutAFileModelAreNamedAtTheirLine() {
        String withFile = VALID.replace("models = mlp, bert_base:seq=16", "models = " + CNN);
        assertThatThrownBy(() -> SweepDefinition.parse("t", withFile, 4))
                .hasMessageStartingWith(
                        "t:2: model "
                                + CNN
                                + " needs the key input: its input shapes, batch first");
        assertThatThrownBy(() -> SweepDefinition.parse("t", VALID + "input = 1x3x32x32\n", 4))
                .hasMessage("t:14: input gives the shapes of file: models, and models lists none");
        assertThatThrownBy(() -> SweepDefinition.parse("t", withFile + "input = 1x3:complex\n", 4))
                .hasMessageStartingWith(
                        "t:14: input '1x3:complex' is not accepted; accepted: dimensions >= 1 joined by x");
        assertThatThrownBy(
                        () ->
                                SweepDefinition.parse(
                                        "t",
                                        withFile.replace(CNN, "file:missing.pt") + "input = 1x3\n",
                                        4))
                .hasMessage("t:2: model file missing.pt does not exist or is not a file");
    }

    @Test
    void theQuickDefinitionShipsInTheJarAndIsValid() {
        SweepDefinition quick = SweepDefinition.quick(2);
        assertThat(quick.name()).isEqualTo("quick");
        assertThat(quick.get(SweepKey.INTRA_OP_THREADS)).containsExactly(1, 2);
        assertThat(quick.get(SweepKey.MODES)).contains(Mode.SampleTime, Mode.Throughput);
    }

    @Test
    void errorsNameTheFileTheLineAndWhatIsAccepted() {
        List.of(
                        new String[] {
                            "models = mlp, resnet51",
                            "t:2: unknown model 'resnet51'; known models: alexnet"
                        },
                        // every count in the one wording of Checks: a JMH parameter's item is named
                        // as JMH names it
                        new String[] {
                            "batchSizes = 1, 0",
                            "t:3: batchSize 0 is not accepted; accepted: a whole number >= 1"
                        },
                        new String[] {
                            "intraOpThreads = many",
                            "t:4: intraOpThreads 'many' is not accepted; accepted: a whole number >= 1 or 'all'"
                        },
                        new String[] {
                            "intraOpThreads = 0, all",
                            "t:4: intraOpThreads 0 is not accepted; accepted: a whole number >= 1 or 'all'"
                        },
                        new String[] {
                            "callers = 2, 0",
                            "t:5: callers 0 is not accepted; accepted: a whole number >= 1"
                        },
                        new String[] {
                            "warmupIterations = -1",
                            "t:7: warmupIterations -1 is not accepted; accepted: a whole number >= 0"
                        },
                        new String[] {
                            "measurementIterations = 0",
                            "t:9: measurementIterations 0 is not accepted; accepted: a whole number >= 1"
                        },
                        new String[] {
                            "forks = one",
                            "t:11: forks 'one' is not accepted; accepted: a whole number >= 1"
                        },
                        new String[] {
                            "ceilingMatrixSize = -1",
                            "t:12: ceilingMatrixSize -1 is not accepted; accepted: a whole number >= 0"
                        },
                        new String[] {
                            "ceilingArrayMiB = 1.5",
                            "t:13: ceilingArrayMiB '1.5' is not accepted; accepted: a whole number >= 0"
                        },
                        new String[] {
                            "modes = sample, fast",
                            "t:6: modes 'fast' is not accepted; accepted: sample, thrpt, avgt, ss"
                        },
                        new String[] {
                            "warmupTime = 2 minutes",
                            "t:8: warmupTime '2 minutes' is not accepted; accepted: a duration such as 500ms or 2s"
                        },
                        new String[] {
                            "measurementTime = 0ms",
                            "t:10: measurementTime '0ms' is not accepted; accepted: a duration of at least 1ms"
                        },
                        new String[] {
                            "batchSizes = 1,,8",
                            "t:3: batchSizes '1,,8' is not accepted (an empty item); accepted: whole numbers >= 1"
                        },
                        // a list of nothing is named at its line, not found later as "no
                        // configurations to run"
                        new String[] {
                            "models = ,",
                            "t:2: models ',' is not accepted (an empty item); accepted: zoo ids (resnet50,"
                                    + " bert_base:seq=256, \u2026) and TorchScript files (file:PATH.pt),"
                                    + " comma-separated"
                        },
                        new String[] {
                            "models =",
                            "t:2: models '' is not accepted (empty); accepted: zoo ids (resnet50,"
                        },
                        new String[] {
                            "modes = sample,",
                            "t:6: modes 'sample,' is not accepted (an empty item); accepted: sample,"
                                    + " thrpt, avgt, ss"
                        },
                        new String[] {"batchSizes = 8, 8", "t:3: batchSizes lists '8' twice"})
                .forEach(
                        c -> {
                            String key = c[0].substring(0, c[0].indexOf(' '));
                            String text = VALID.replaceAll("(?m)^" + key + " = .*$", c[0]);
                            assertThatThrownBy(() -> SweepDefinition.parse("t", text, 2))
                                    .isInstanceOf(DefinitionException.class)
                                    .hasMessageStartingWith(c[1]);
                        });
    }

    @Test
    void unknownMissingAndRepeatedKeysAreRejected() {
        assertThatThrownBy(() -> SweepDefinition.parse("t", VALID + "gc = G1\n", 2))
                .hasMessage(
                        "t:14: unknown key 'gc'; accepted: allocator, arrival, batchSizes, callers, ceilingArrayMiB, ceilingFma, "
                                + "ceilingMatrixSize, forks, input, interOpThreads, interleave, intraOpThreads, jdk, kind, launch.NAME, "
                                + "layouts, maxBatch, maxDelay, maxQueries, maxSeconds, measurementIterations, measurementTime, "
                                + "minQueries, minSeconds, mklOnAmd, models, modes, p99, peer, rounds, seed, timeout, warmupIterations, warmupTime");
        assertThatThrownBy(() -> SweepDefinition.parse("t", VALID.replace("forks = 1\n", ""), 2))
                .hasMessage("t: missing keys [forks]");
        assertThatThrownBy(() -> SweepDefinition.parse("t", VALID + "forks = 2\n", 2))
                .hasMessage("t:14: key 'forks' is given twice");
        assertThatThrownBy(() -> SweepDefinition.parse("t", "models mlp\n", 2))
                .hasMessage("t:1: expected 'key = value'");
    }

    @Test
    void forkSettingsAreOptionalAndChecked() {
        SweepDefinition d =
                SweepDefinition.parse("t", VALID + "allocator = jemalloc\nmklOnAmd = off\n", 2);
        assertThat(d.get(SweepKey.LAUNCHES))
                .singleElement()
                .satisfies(
                        l -> {
                            assertThat(l.name()).isEqualTo("default");
                            assertThat(l.launcher().allocator()).isEqualTo(Allocator.JEMALLOC);
                            assertThat(l.launcher().mkl()).isEqualTo(MklDispatch.OFF);
                        });
        assertThat(SweepDefinition.parse("t", VALID, 2).get(SweepKey.LAUNCHES).get(0).launcher())
                .isEqualTo(ForkLauncher.defaults());

        assertThatThrownBy(() -> SweepDefinition.parse("t", VALID + "allocator = mimalloc\n", 2))
                .hasMessage(
                        "t:14: allocator 'mimalloc' is not accepted; accepted: glibc, glibc-tuned, glibc-returning, tcmalloc, jemalloc, jemalloc-bundled");
        assertThatThrownBy(() -> SweepDefinition.parse("t", VALID + "mklOnAmd = maybe\n", 2))
                .hasMessage("t:14: mklOnAmd 'maybe' is not accepted; accepted: auto, on, off");
        assertThatThrownBy(() -> SweepDefinition.parse("t", VALID + "jdk = /no/such/jdk\n", 2))
                .hasMessageStartingWith(
                        "t:14: jdk '/no/such/jdk' is not accepted; accepted: the home folder of an installed JDK");
    }

    /**
     * Every shipped definition parses here, whatever JDKs this machine has: a {@code jdk} value
     * names a JDK installed where the definition was written, so each is pointed at the JDK running
     * this test before parsing (the path check itself is tested above).
     */
    @Test
    void everyShippedDefinitionIsValid() throws Exception {
        Path here = Path.of(System.getProperty("java.home"));
        try (var files = java.nio.file.Files.list(Path.of("benchmarks"))) {
            List<Path> definitions =
                    files.filter(f -> f.toString().endsWith(".properties")).sorted().toList();
            assertThat(definitions)
                    .extracting(f -> f.getFileName().toString())
                    .contains(
                            "quick.properties",
                            "standard.properties",
                            "full.properties",
                            "jvm-flags.properties",
                            "variants.properties");
            for (Path f : definitions) {
                assertThat(withJdk(f, here).configurations()).as(f.toString()).isPositive();
            }
        }
        // jvm-flags.properties: 12 launch sets x 1 model x 2 batch sizes x 2 thread counts x 1
        // caller count x 1 mode
        SweepDefinition tuning = withJdk(Path.of("benchmarks/jvm-flags.properties"), here);
        assertThat(tuning.configurations()).isEqualTo(48);
        assertThat(tuning.get(SweepKey.LAUNCHES).get(0).name()).isEqualTo("default");
        assertThat(tuning.get(SweepKey.LAUNCHES))
                .extracting(LaunchSet::name)
                .contains("glibc", "jemalloc", "parallel-gc", "omp-bind");
        assertThat(tuning.get(SweepKey.LAUNCHES))
                .filteredOn(l -> l.name().equals("jdk25"))
                .singleElement()
                .satisfies(l -> assertThat(l.launcher().javaHome()).isEqualTo(here));
    }

    /**
     * The definition in {@code file} with every {@code jdk} value (a key or a launch-set field)
     * replaced by {@code jdk}.
     */
    private static SweepDefinition withJdk(Path file, Path jdk) throws java.io.IOException {
        return withJdk(file, withFilesPresent(java.nio.file.Files.readString(file)), jdk);
    }

    /**
     * The definition with every file model that is absent here (the peer definitions name files
     * that scripts/export_variants.py makes in /tmp, which a fresh clone has not run) pointed at a
     * committed TorchScript fixture, a different one each (a definition refuses a model twice), so
     * the rest of the definition is still checked; the file check itself is ModelRef's.
     */
    private static String withFilesPresent(String definition) throws java.io.IOException {
        List<Path> fixtures;
        try (var files = java.nio.file.Files.list(Path.of("src/test/resources/torchscript"))) {
            fixtures = files.filter(f -> f.toString().endsWith(".pt")).sorted().toList();
        }
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("file:([^,\\s]+\\.pt)").matcher(definition);
        StringBuilder out = new StringBuilder();
        int standIns = 0;
        while (m.find()) {
            boolean present = java.nio.file.Files.isRegularFile(Path.of(m.group(1)));
            m.appendReplacement(
                    out,
                    java.util.regex.Matcher.quoteReplacement(
                            present ? m.group() : "file:" + fixtures.get(standIns++)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static SweepDefinition withJdk(Path file, String definition, Path jdk) {
        String text =
                definition.replaceAll(
                        "(?m)(^jdk\\s*=\\s*|[;=]\\s*jdk\\s*=\\s*)[^;\\r\\n]+",
                        "$1" + java.util.regex.Matcher.quoteReplacement(jdk.toString()));
        return SweepDefinition.parse(file.toString(), text, 2);
    }

    /** A binary file, or another encoding, is named as not text, not "Input length = 1". */
    @Test
    void aFileThatIsNotUtf8TextIsNamedWithItsFirstBadByte(@TempDir Path dir) throws Exception {
        Path binary = dir.resolve("binary.properties");
        Files.write(binary, new byte[] {'m', 'o', 'd', (byte) 0x89, 'P', 'N', 'G', 0, 1});
        assertThatThrownBy(() -> SweepDefinition.read(binary, 2))
                .isInstanceOf(DefinitionException.class)
                .hasMessage(
                        "sweep definition "
                                + binary
                                + " is not a text (UTF-8) properties file: byte 0x89 at offset 3;"
                                + " accepted: key = value lines (see benchmarks/README.md)");

        Path nul = dir.resolve("nul.properties");
        Files.write(
                nul, VALID.replace("forks = 1", "forks = 1\0").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> SweepDefinition.read(nul, 2))
                .hasMessageContaining(
                        "is not a text (UTF-8) properties file: byte 0x00 at offset "
                                + (VALID.indexOf("forks = 1\n") + "forks = 1".length()));

        Path latin1 = dir.resolve("latin1.properties");
        Files.write(latin1, ("# caf\u00e9\n" + VALID).getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> SweepDefinition.read(latin1, 2))
                .hasMessageContaining("properties file: byte 0xE9 at offset 5;");

        Path utf8 = dir.resolve("utf8.properties");
        Files.write(utf8, ("# caf\u00e9 \u2265\n" + VALID).getBytes(StandardCharsets.UTF_8));
        assertThat(SweepDefinition.read(utf8, 2).configurations()).isPositive();
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> SweepDefinition.read(Path.of("no/such.properties"), 2))
                .isInstanceOf(DefinitionException.class)
                .hasMessage("sweep definition no/such.properties does not exist or is not a file");
    }
}
