package org.effbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.effbench.launch.ForkLauncher;
import org.effbench.serve.Arrival;
import org.effbench.serve.RunLength;
import org.effbench.serve.ServeOptions;
import org.junit.jupiter.api.Test;

/**
 * A sweep definition of kind serve: its keys, their checks in the serve command's words, the
 * defaults it shares with the command, and the kind rules (a key of the other kind is named at its
 * line).
 */
class ServeDefinitionTest {

    private static final long MS = 1_000_000L;

    private static final String SERVE =
            String.join(
                    "\n",
                    "kind = serve",
                    "models = mlp",
                    "layouts = all",
                    "maxBatch = 1, 8",
                    "p99 = 300ms",
                    "ceilingMatrixSize = 0",
                    "ceilingArrayMiB = 0",
                    "");

    private static SweepDefinition parse(String text) {
        return SweepDefinition.parse("t", text, 2);
    }

    @Test
    void aServeDefinitionReadsItsKeysAndTakesTheServeCommandsDefaults() {
        SweepDefinition d = parse(SERVE);

        assertThat(d.kind()).isEqualTo(SweepKind.SERVE);
        assertThat(d.get(SweepKey.LAYOUTS)).containsExactly(new Layout(1, 2), new Layout(2, 1));
        assertThat(d.get(SweepKey.MAX_BATCH)).containsExactly(1, 8);
        assertThat(d.get(SweepKey.P99)).isEqualTo(300 * MS);
        assertThat(d.get(SweepKey.MAX_DELAY)).isZero();
        assertThat(d.get(SweepKey.ARRIVAL)).isEqualTo(Arrival.POISSON);
        // the serve command's own defaults (its --help), written once in ServeOptions
        assertThat(d.get(SweepKey.MIN_QUERIES)).isEqualTo(1000);
        assertThat(d.get(SweepKey.MIN_SECONDS)).isEqualTo(10);
        assertThat(d.get(SweepKey.MAX_QUERIES)).isEqualTo(100_000);
        assertThat(d.get(SweepKey.MAX_SECONDS)).isEqualTo(120);
        assertThat(d.get(SweepKey.SEED)).isEqualTo(42);
        // 1 model x 2 layouts x 2 batchers x 1 launch set
        assertThat(d.configurations()).isEqualTo(4);
        assertThatThrownBy(() -> d.get(SweepKey.BATCH_SIZES))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sweep key batchSizes does not apply to a serve definition");
    }

    /** The command's minimum query default is what the percentile rule asks of a p99. */
    @Test
    void theMinimumQueriesDefaultIsWhatAP99NeedsByThePercentileRule() {
        assertThat(Long.parseLong(ServeOptions.MIN_QUERIES_DEFAULT))
                .isEqualTo(RunLength.MIN_QUERIES);
        assertThat(Long.parseLong(ServeOptions.MIN_SECONDS_DEFAULT) * 1_000_000_000L)
                .isEqualTo(RunLength.MIN_NANOS);
    }

    @Test
    void itsCanonicalFormWritesEveryServeKeyAndNoJmhKeyAndParsesBack() {
        SweepDefinition d =
                parse(
                        SERVE.replace("layouts = all", "layouts = 2X1, 1x1")
                                + "maxDelay = 0.02s\n"
                                + "arrival = Constant\n"
                                + "minSeconds = 0\n"
                                + "seed = 7\n"
                                + "interleave = models\n"
                                + "allocator = glibc\n"
                                + "mklOnAmd = off\n");
        Map<String, String> described = d.describe();

        assertThat(described)
                .containsExactly(
                        Map.entry("name", "t"),
                        Map.entry("kind", "serve"),
                        Map.entry("models", "mlp"),
                        Map.entry("layouts", "2x1, 1x1"),
                        Map.entry("maxBatch", "1, 8"),
                        Map.entry("maxDelay", "20ms"),
                        Map.entry("p99", "300ms"),
                        Map.entry("arrival", "constant"),
                        Map.entry("minQueries", "1000"),
                        Map.entry("minSeconds", "0"),
                        Map.entry("maxQueries", "100000"),
                        Map.entry("maxSeconds", "120"),
                        Map.entry("seed", "7"),
                        Map.entry("ceilingMatrixSize", "0"),
                        Map.entry("ceilingArrayMiB", "0"),
                        Map.entry("launch.default", "allocator=glibc; mklOnAmd=off"),
                        Map.entry("interleave", "models"));
        String asFile =
                described.entrySet().stream()
                        .filter(e -> !e.getKey().equals("name"))
                        .map(e -> e.getKey() + " = " + e.getValue())
                        .collect(Collectors.joining("\n"));
        assertThat(parse(asFile)).isEqualTo(d);
    }

    /** All: every split w x (cores / w), fewest workers first. */
    @Test
    void allLayoutsAreEverySplitOfTheCores() {
        assertThat(Layout.all(1)).containsExactly(new Layout(1, 1));
        assertThat(Layout.all(2)).containsExactly(new Layout(1, 2), new Layout(2, 1));
        assertThat(Layout.all(6))
                .extracting(Layout::toString)
                .containsExactly("1x6", "2x3", "3x2", "6x1");
        assertThat(SweepDefinition.parse("t", SERVE, 4).get(SweepKey.LAYOUTS))
                .extracting(Layout::toString)
                .containsExactly("1x4", "2x2", "4x1");
    }

    @Test
    void aKeyOfTheOtherKindIsNamedAtItsLineWithTheKindItBelongsTo() {
        assertThatThrownBy(() -> parse(SERVE + "batchSizes = 1\n"))
                .isInstanceOf(DefinitionException.class)
                .hasMessage(
                        "t:8: batchSizes is a key of kind jmh only, and this definition is kind serve");
        String jmh =
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
                        "p99 = 100ms",
                        "");
        assertThatThrownBy(() -> parse(jmh))
                .hasMessage(
                        "t:13: p99 is a key of kind serve only, and this definition is kind jmh"
                                + " (the default; kind = serve makes it one)");
        assertThatThrownBy(() -> parse("kind = jmh\n" + jmh))
                .hasMessage(
                        "t:14: p99 is a key of kind serve only, and this definition is kind jmh");
        // required only in their kind: a serve definition needs no JMH settings, and the reverse
        assertThat(parse(jmh.replace("p99 = 100ms\n", "")).kind()).isEqualTo(SweepKind.JMH);
        assertThatThrownBy(() -> parse("kind = serve\nmodels = mlp\nceilingMatrixSize = 0\n"))
                .hasMessage(
                        "t: missing keys [ceilingArrayMiB, layouts, maxBatch, p99] (of kind serve)");
    }

    @Test
    void everyBadServeValueIsNamedAtItsLineWithWhatIsAccepted() {
        List.of(
                        new String[] {
                            "kind = closed",
                            "t:1: kind 'closed' is not accepted; accepted: jmh, serve"
                        },
                        new String[] {
                            "layouts = 2y1",
                            "t:3: layouts '2y1' is not accepted; accepted: WxT items (workers x"
                                    + " intra-op threads of each), e.g. 1x2, 2x1, or all"
                        },
                        new String[] {"layouts = 0x2", "t:3: layouts '0x2' is not accepted"},
                        new String[] {"layouts = 1x2, all", "t:3: layouts 'all' is not accepted"},
                        new String[] {"layouts = 1x2, 1X2", "t:3: layouts lists '1X2' twice"},
                        new String[] {
                            "layouts =",
                            "t:3: layouts '' is not accepted (empty); accepted: WxT items"
                        },
                        new String[] {
                            "maxBatch = 1, 0",
                            "t:4: maxBatch 0 is not accepted; accepted: a whole number >= 1"
                        },
                        new String[] {
                            "p99 = 0ms",
                            "t:5: p99 '0ms' is not accepted; accepted: a duration such as 100ms,"
                                    + " 0.5s or 250us, above 0"
                        },
                        new String[] {"p99 = 100", "t:5: p99 '100' is not accepted"})
                .forEach(
                        c -> {
                            String key = c[0].substring(0, c[0].indexOf(' '));
                            String text = SERVE.replaceAll("(?m)^" + key + " = .*$", c[0]);
                            assertThatThrownBy(() -> parse(text))
                                    .as(c[0])
                                    .isInstanceOf(DefinitionException.class)
                                    .hasMessageStartingWith(c[1]);
                        });
        List.of(
                        new String[] {
                            "maxDelay = 5",
                            "t:8: maxDelay '5' is not accepted; accepted: a duration such as 100ms,"
                                    + " 0.5s or 250us, 0 or more"
                        },
                        new String[] {
                            "maxDelay = 61s",
                            "t:8: maxDelay '61s' is not accepted; accepted: at most 60s"
                        },
                        new String[] {
                            "arrival = burst",
                            "t:8: arrival 'burst' is not accepted; accepted: poisson or constant"
                        },
                        new String[] {
                            "minQueries = 0",
                            "t:8: minQueries 0 is not accepted; accepted: a whole number >= 1"
                        },
                        new String[] {
                            "minSeconds = -1",
                            "t:8: minSeconds -1 is not accepted; accepted: a whole number >= 0"
                        },
                        new String[] {
                            "maxQueries = lots",
                            "t:8: maxQueries 'lots' is not accepted; accepted: a whole number >= 1"
                        },
                        new String[] {
                            "maxSeconds = 0",
                            "t:8: maxSeconds 0 is not accepted; accepted: a whole number >= 1"
                        },
                        new String[] {
                            "seed = -1",
                            "t:8: seed -1 is not accepted; accepted: a whole number >= 0"
                        })
                .forEach(
                        c ->
                                assertThatThrownBy(() -> parse(SERVE + c[0] + "\n"))
                                        .as(c[0])
                                        .isInstanceOf(DefinitionException.class)
                                        .hasMessage(c[1]));
    }

    @Test
    void aServeDefinitionTakesLaunchSetsAsAJmhOneDoes() {
        SweepDefinition d =
                parse(
                        SERVE
                                + "launch.a = allocator=glibc\nlaunch.b = jvmArgs=-XX:+UseParallelGC\n");
        assertThat(d.get(SweepKey.LAUNCHES)).extracting(LaunchSet::name).containsExactly("a", "b");
        assertThat(d.get(SweepKey.LAUNCHES).get(1).launcher().mkl())
                .isEqualTo(ForkLauncher.defaults().mkl());
        assertThat(d.configurations()).isEqualTo(8);
    }
}
