package org.effbench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The in-place ReLU and clamp run on the pinned libtorch, overwrite their input and equal DJL's
 * out-of-place forms element for element.
 */
class InPlaceTest {

    @BeforeAll
    static void engine() {
        TorchEngine.start(1);
    }

    @Test
    void thePinnedLibtorchRunsThemInPlace() {
        // if another libtorch lacks the symbols or lays c10::Scalar out otherwise, this fails
        // rather than every ReLU silently writing a new tensor
        assertThat(InPlace.available()).isTrue();
    }

    @Test
    void reluOverwritesItsInputWithDjlsValues() {
        try (NDManager m = NDManager.newBaseManager(TorchEngine.NAME)) {
            NDArray x =
                    TorchEngine.seeded(
                            3, () -> m.randomNormal(0, 4, new Shape(2, 5, 9, 9), DataType.FLOAT32));
            float[] expected = x.getNDArrayInternal().relu().toFloatArray();
            NDArray y = InPlace.relu(x);
            assertThat(y).isSameAs(x);
            assertThat(x.toFloatArray()).containsExactly(expected);
            assertThat(expected).contains(0f);
        }
    }

    @Test
    void clampOverwritesItsInputWithDjlsValuesForAnyBounds() {
        try (NDManager m = NDManager.newBaseManager(TorchEngine.NAME)) {
            for (float[] bounds : new float[][] {{0f, 6f}, {-1.5f, 0.25f}}) {
                NDArray x =
                        TorchEngine.seeded(
                                5,
                                () ->
                                        m.randomNormal(
                                                0, 5, new Shape(3, 4, 7, 7), DataType.FLOAT32));
                float[] expected = x.clip(bounds[0], bounds[1]).toFloatArray();
                NDArray y = InPlace.clamp(x, bounds[0], bounds[1]);
                assertThat(y).isSameAs(x);
                assertThat(x.toFloatArray()).containsExactly(expected);
                assertThat(expected).contains(bounds[0], bounds[1]);
            }
        }
    }
}
