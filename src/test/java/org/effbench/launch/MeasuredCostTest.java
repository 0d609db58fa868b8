package org.effbench.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;
import org.effbench.base.Csv;
import org.junit.jupiter.api.Test;

class MeasuredCostTest {

    private static final Pattern ROUND = Pattern.compile("(.+)-r(\\d+)");

    /**
     * The figures the verdict quotes are the published measurement's: recomputed here from its
     * results.csv (launch sets named ALLOCATOR-rN, one row per round, tcmalloc-rN the reference).
     */
    @Test
    void theFiguresAreThoseOfThePublishedMeasurement() throws Exception {
        Properties p = MeasuredCost.load();
        Path csv = Path.of(p.getProperty("source"), "results.csv");
        Map<String, Map<Integer, Double>> means = new HashMap<>();
        try (Reader in = Files.newBufferedReader(csv)) {
            for (CSVRecord r : Csv.READ.parse(in)) {
                assertThat(
                                r.get("model")
                                        + " batch "
                                        + r.get("batch_size")
                                        + " on "
                                        + r.get("intra_op_threads")
                                        + " threads")
                        .isEqualTo(p.getProperty("configuration"));
                Matcher m = ROUND.matcher(r.get("launch"));
                assertThat(m.matches()).as(r.get("launch")).isTrue();
                means.computeIfAbsent(m.group(1), k -> new HashMap<>())
                        .put(
                                Integer.parseInt(m.group(2)),
                                Double.parseDouble(r.get("latency_ms_mean")));
            }
        }
        Map<Integer, Double> tcmalloc = means.get(Allocator.TCMALLOC.id());
        int rounds = Integer.parseInt(p.getProperty("rounds"));
        assertThat(tcmalloc).hasSize(rounds);

        List<Allocator> quoted = new ArrayList<>();
        for (Allocator a : Allocator.values()) {
            MeasuredCost.of(a)
                    .ifPresent(
                            cost -> {
                                quoted.add(a);
                                List<Double> ratios =
                                        tcmalloc.keySet().stream()
                                                .map(
                                                        round ->
                                                                means.get(a.id()).get(round)
                                                                        / tcmalloc.get(round))
                                                .toList();
                                double geomean =
                                        Math.exp(
                                                ratios.stream()
                                                        .mapToDouble(Math::log)
                                                        .average()
                                                        .orElseThrow());
                                assertThat(cost.ratio()).isCloseTo(geomean, within(0.005));
                                assertThat(cost.lowest())
                                        .isCloseTo(
                                                ratios.stream()
                                                        .mapToDouble(d -> d)
                                                        .min()
                                                        .orElseThrow(),
                                                within(0.005));
                                assertThat(cost.highest())
                                        .isCloseTo(
                                                ratios.stream()
                                                        .mapToDouble(d -> d)
                                                        .max()
                                                        .orElseThrow(),
                                                within(0.005));
                                assertThat(cost.rounds()).isEqualTo(rounds);
                            });
        }
        // the allocators a run can fall back to are all quoted
        assertThat(quoted)
                .containsAll(Allocator.PREFERENCE.subList(1, Allocator.PREFERENCE.size()));
    }
}
