package org.effbench.metrics;

/**
 * Operations per element counted for element-wise work, only when all ops are asked for. These are
 * conventions (a transcendental counts as one operation), stated here and in the output.
 */
public final class ElementwiseCost {

    /** BatchNorm at inference, statistics folded: x * scale + shift. */
    public static final int BATCH_NORM = 2;

    /** LayerNorm: mean, variance (2), normalise, scale and shift. */
    public static final int LAYER_NORM = 5;

    /** ReLU, ReLU6, GELU, tanh: one operation per element. */
    public static final int ACTIVATION = 1;

    /** Softmax: exponent, sum, divide. */
    public static final int SOFTMAX = 3;

    /** A residual add, or one term of an embedding sum. */
    public static final int ADD = 1;

    /** LSTM cell per hidden unit and step: 8 bias adds, 5 activations, 3 products, 1 sum. */
    public static final int LSTM_CELL = 17;

    /** GRU cell per hidden unit and step: 6 bias adds, 3 activations, 5 products and sums. */
    public static final int GRU_CELL = 14;

    /** Vanilla RNN cell per hidden unit and step: 2 bias adds, 1 activation. */
    public static final int RNN_CELL = 3;

    /** The whole convention in one line, for outputs that include element-wise work. */
    public static final String SUMMARY =
            "element-wise ops per element: BatchNorm 2, LayerNorm 5, activation 1, "
                    + "softmax 3, add 1, pooling = window size per output, adaptive pooling 1 per input, "
                    + "LSTM 17 / GRU 14 / RNN 3 per hidden unit and step";

    private ElementwiseCost() {}
}
