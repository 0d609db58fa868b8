package org.effbench.engine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TorchEngineTest {

    @Test
    void threadCountsAreCheckedInTheOneWordingBeforeTheEngineStarts() {
        assertThatThrownBy(() -> TorchEngine.start(0))
                .hasMessage("intra-op threads 0 is not accepted; accepted: a whole number >= 1");
        assertThatThrownBy(() -> TorchEngine.start(1, -1))
                .hasMessage("inter-op threads -1 is not accepted; accepted: a whole number >= 0");
    }
}
