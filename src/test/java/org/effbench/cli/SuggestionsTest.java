package org.effbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> COMMANDS =
            List.of(
                    "help", "quick", "sweep", "tune", "jmh", "analyze", "compare", "merge",
                    "profile", "ops", "models", "info");

    @Test
    void distanceCountsInsertionsDeletionsReplacementsAndSwaps() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("profile", "profile")).isZero();
        assertThat(Suggestions.distance("profiel", "profile")).as("one swap").isEqualTo(1);
        assertThat(Suggestions.distance("--hlep", "--help")).isEqualTo(1);
    }

    @Test
    void closeNamesAreSuggestedClosestFirstAndFarOnesNever() {
        assertThat(Suggestions.closest("profiel", COMMANDS)).containsExactly("profile");
        assertThat(Suggestions.closest("Modles", COMMANDS)).containsExactly("models");
        assertThat(Suggestions.closest("osp", COMMANDS)).containsExactly("ops");
        // short words: one edit only, or every three-letter word would suggest something
        assertThat(Suggestions.closest("foo", COMMANDS)).isEmpty();
        assertThat(Suggestions.closest("MatmulPeakBenchmark", COMMANDS)).isEmpty();
        assertThat(Suggestions.closest("tun", COMMANDS)).containsExactly("tune");
        assertThat(Suggestions.closest("-wii", List.of("-wi", "-w", "-i", "-wf")))
                .containsExactly("-wi");
        assertThat(Suggestions.closest("--help", List.of("--help", "-h")))
                .as("never itself")
                .isEmpty();
    }

    @Test
    void didYouMeanIsEmptyWithoutACloseName() {
        assertThat(Suggestions.didYouMean("merg", COMMANDS)).isEqualTo("; did you mean merge?");
        assertThat(Suggestions.didYouMean("xyzzy", COMMANDS)).isEmpty();
        assertThat(Suggestions.didYouMean("tunes", List.of("tune", "tuned")))
                .isEqualTo("; did you mean tune or tuned?");
    }
}
