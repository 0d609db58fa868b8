package org.effbench.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Max pooling over NCHW as two passes of element-wise maxima over strided views: first across the
 * kernel's columns, then across its rows. libtorch 2.7 (like torch 1.13) pools NCHW input on the
 * CPU with its indices kernel even when no indices are wanted, scalar and slow: 8.6 ms of
 * resnet18's 54 ms at batch 1. Element-wise maximum is vectorised, and the result is the same bit
 * for bit (a maximum is exact; padding is -inf, as torch pads max pooling; NaN propagates).
 *
 * <p>{@code -Deffbench.separableMaxPool=false} uses libtorch's kernel instead, for comparison.
 */
final class SeparableMaxPool {

    static final boolean ENABLED = !"false".equals(System.getProperty("effbench.separableMaxPool"));

    private SeparableMaxPool() {}

    /** Whether this pooling can be done this way: no ceil mode (its last window may overhang). */
    static boolean applies(boolean ceilMode) {
        return ENABLED && !ceilMode;
    }

    static NDArray pool(NDArray x, int kernel, int stride, int padding) {
        NDArray padded =
                padding == 0
                        ? x
                        : x.pad(
                                new Shape(padding, padding, padding, padding),
                                Double.NEGATIVE_INFINITY);
        try {
            NDArray columns = maxOfShifts(padded, 3, kernel, stride);
            try {
                return maxOfShifts(columns, 2, kernel, stride);
            } finally {
                columns.close();
            }
        } finally {
            if (padded != x) {
                padded.close();
            }
        }
    }

    /** The maximum over the kernel's offsets along {@code axis}, stepping by {@code stride}. */
    private static NDArray maxOfShifts(NDArray x, int axis, int kernel, int stride) {
        long size = x.getShape().get(axis);
        long out = (size - kernel) / stride + 1;
        NDArray max = null;
        for (int j = 0; j < kernel; j++) {
            String slice = j + ":" + (j + stride * (out - 1) + 1) + ":" + stride;
            NDArray view = x.get(new NDIndex(axis == 3 ? ":, :, :, " + slice : ":, :, " + slice));
            if (max == null) {
                max = view;
            } else {
                NDArray next = max.maximum(view);
                max.close();
                view.close();
                max = next;
            }
        }
        return max;
    }
}
