package org.effbench.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.effbench.engine.TorchEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The separable pooling equals libtorch's max pooling bit for bit: padding, odd sizes, windows that
 * start in the padding, ceil mode, NaN and -inf included.
 */
class SeparableMaxPoolTest {

    @BeforeAll
    static void engine() {
        TorchEngine.start(1);
    }

    @ParameterizedTest(name = "{0}x{1}x{2}x{3} kernel {4} stride {5} padding {6} ceil {7}")
    @CsvSource({
        "1, 64, 112, 112, 3, 2, 1, false", // ResNet's stem pooling
        "2, 3, 13, 17, 3, 2, 1, false", // odd sizes: the last window falls short of the edge
        "1, 4, 8, 8, 2, 2, 0, false", // VGG's pooling
        "1, 2, 7, 7, 3, 1, 1, false", // stride 1
        "1, 64, 55, 55, 3, 2, 0, false", // AlexNet's pooling
        "1, 3, 8, 9, 2, 2, 1, false", // no tap covers every window: each starts or ends in padding
        "1, 3, 10, 11, 5, 3, 2, false", // a wide kernel, two taps in the padding at each edge
        "1, 2, 2, 2, 3, 2, 1, false", // one window, a third of it padding
        "1, 96, 55, 55, 3, 2, 0, true", // SqueezeNet's ceil-mode pooling
        "2, 3, 14, 15, 3, 2, 1, true", // ceil mode with padding: the last window overhangs
    })
    void equalsLibtorchsKernel(
            long n, long c, long h, long w, int kernel, int stride, int padding, boolean ceilMode) {
        try (NDManager m = NDManager.newBaseManager(TorchEngine.NAME)) {
            NDArray x = TorchEngine.seeded(3, () -> m.randomNormal(new Shape(n, c, h, w)));
            x.set(new ai.djl.ndarray.index.NDIndex("0, 0, 0, 0"), Float.NaN);
            x.set(new ai.djl.ndarray.index.NDIndex("0, 0, 1, 1"), Float.NEGATIVE_INFINITY);
            NDArray expected =
                    x.getNDArrayInternal()
                            .maxPool(
                                    new Shape(kernel, kernel),
                                    new Shape(stride, stride),
                                    new Shape(padding, padding),
                                    ceilMode);
            NDArray actual =
                    new Pool2dBlock(Pool2dBlock.Kind.MAX, kernel, stride, padding, ceilMode)
                            .apply(x);

            assertThat(actual.getShape()).isEqualTo(expected.getShape());
            assertThat(actual.toFloatArray()).containsExactly(expected.toFloatArray());
        }
    }
}
