package org.effbench.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.effbench.serve.BatchPolicy.Decision;
import org.junit.jupiter.api.Test;

/** The batcher's rule, decision by decision. */
class BatchPolicyTest {

    private final BatchPolicy b4d5 = new BatchPolicy(4, 5);

    @Test
    void aFullBatchGoesAtOnce() {
        assertThat(b4d5.decide(4, 10, 20, 10)).isEqualTo(new Decision(4, 0));
        assertThat(b4d5.decide(9, 10, 20, 10)).as("at most the max").isEqualTo(new Decision(4, 0));
    }

    @Test
    void fewerWaitUntilTheOldestHasWaitedTheDelayOrTheNextArrives() {
        assertThat(b4d5.decide(2, 10, 12, 11))
                .as("next arrival first")
                .isEqualTo(new Decision(0, 12));
        assertThat(b4d5.decide(2, 10, 30, 11)).as("deadline first").isEqualTo(new Decision(0, 15));
        assertThat(b4d5.decide(2, 10, 30, 15)).as("deadline reached").isEqualTo(new Decision(2, 0));
        assertThat(b4d5.decide(2, 10, Long.MAX_VALUE, 11))
                .as("no more arrivals: it still waits the delay (it cannot know)")
                .isEqualTo(new Decision(0, 15));
    }

    @Test
    void nothingWaitingWaitsForTheNextArrivalOrIsDone() {
        assertThat(b4d5.decide(0, 0, 40, 11)).isEqualTo(new Decision(0, 40));
        assertThat(b4d5.decide(0, 0, Long.MAX_VALUE, 11).done()).isTrue();
    }

    @Test
    void noDelayTakesWhateverWaits() {
        BatchPolicy b4 = new BatchPolicy(4, 0);
        assertThat(b4.decide(3, 10, 11, 10)).isEqualTo(new Decision(3, 0));
        assertThat(BatchPolicy.NONE.decide(3, 10, 11, 10)).isEqualTo(new Decision(1, 0));
    }

    @Test
    void aDelayBeyondAMinuteIsRefused() {
        assertThatThrownBy(() -> new BatchPolicy(4, BatchPolicy.MAX_DELAY_NANOS + 1))
                .hasMessageContaining("accepted: 0 to 60000000000 ns (1 min)");
        assertThatThrownBy(() -> new BatchPolicy(0, 0))
                .hasMessage("max batch 0 is not accepted; accepted: a whole number >= 1");
    }
}
