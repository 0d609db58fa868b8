package org.effbench.engine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TorchEngineTest {

    @Test
    void threadCountsAreCheckedInTheOneWordingBeforeTheEngineStarts() {
        assertThatThrownBy(() -> TorchEngine.start(0))
                .hasMessage("intraOpThreads 0 is not accepted; accepted: a whole number >= 1");
        assertThatThrownBy(() -> TorchEngine.start(1, -1))
                .hasMessage("interOpThreads -1 is not accepted; accepted: a whole number >= 0");
    }
}
