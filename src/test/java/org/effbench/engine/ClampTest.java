package org.effbench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The direct clamp computes what DJL's clip computes, on the pinned DJL version's direct path. */
class ClampTest {

    @BeforeAll
    static void engine() {
        TorchEngine.start(1);
    }

    @Test
    void thePinnedDjlOffersTheDirectPath() {
        // if a DJL upgrade renames torchClamp, this fails instead of every ReLU6 silently slowing
        assertThat(Clamp.direct()).isTrue();
    }

    @Test
    void itEqualsDjlsClipElementForElement() {
        try (NDManager m = NDManager.newBaseManager(TorchEngine.NAME)) {
            NDArray x =
                    TorchEngine.seeded(
                            7,
                            () ->
                                    m.randomNormal(
                                            0,
                                            5,
                                            new Shape(2, 3, 7, 5),
                                            ai.djl.ndarray.types.DataType.FLOAT32));
            float[] direct = Clamp.apply(x, 0f, 6f).toFloatArray();
            float[] djl = x.clip(0f, 6f).toFloatArray();
            assertThat(direct).containsExactly(djl);
            // both bounds were hit: the test exercises the clamp, not the identity
            assertThat(direct).contains(0f, 6f);
            assertThat(Clamp.apply(x, -1f, 1f).toFloatArray())
                    .containsExactly(x.clip(-1f, 1f).toFloatArray());
        }
    }

    @Test
    void theResultBelongsToTheInputsManager() {
        try (NDManager outer = NDManager.newBaseManager(TorchEngine.NAME)) {
            NDArray y;
            try (NDManager inner = outer.newSubManager()) {
                NDArray x = inner.create(new float[] {-3f, 2f, 9f});
                y = Clamp.apply(x, 0f, 6f);
                assertThat(y.getManager()).isSameAs(inner);
                assertThat(y.toFloatArray()).containsExactly(0f, 2f, 6f);
            }
            assertThat(y.isReleased()).isTrue();
        }
    }
}
