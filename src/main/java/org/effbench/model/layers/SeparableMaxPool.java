package org.effbench.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Max pooling over NCHW as two passes of element-wise maxima over strided views: first across the
 * kernel's rows, then across its columns. libtorch 2.7 (like torch 1.13) pools NCHW input on the
 * CPU with its indices kernel even when no indices are wanted, scalar and slow: 8.6 ms of
 * resnet18's 54 ms at batch 1. Element-wise maximum is vectorised, and the result is the same bit
 * for bit (a maximum is exact; NaN propagates, as in torch's kernel).
 *
 * <p>Rows first, because their views keep the row contiguous, so the larger pass vectorises; the
 * strided column pass then runs on the smaller result. Padding is not copied in: a tap whose window
 * reaches into the padding updates only the outputs it covers, which is what -inf padding would
 * have given. Both choices measured on 1x64x112x112 (3/2/1, one thread, 200 passes, p50): fp32 in
 * torch 1.13 0.69 ms (columns first, padded copy) to 0.43 ms; bf16 in libtorch 2.7.1 1.41 to 0.77
 * ms. Ceil mode is the same rule with one more output window.
 *
 * <p>{@code -Deffbench.separableMaxPool=false} uses libtorch's kernel instead, for comparison.
 */
final class SeparableMaxPool {

    static final boolean ENABLED = !"false".equals(System.getProperty("effbench.separableMaxPool"));

    private SeparableMaxPool() {}

    static boolean enabled() {
        return ENABLED;
    }

    /** {@code x} pooled to {@code outHeight x outWidth} (torch's output size for the pooling). */
    static NDArray pool(
            NDArray x, int kernel, int stride, int padding, long outHeight, long outWidth) {
        NDArray rows = maxOfTaps(x, 2, kernel, stride, padding, outHeight);
        try {
            return maxOfTaps(rows, 3, kernel, stride, padding, outWidth);
        } finally {
            rows.close();
        }
    }

    /**
     * The maximum over the kernel's taps along {@code axis} for {@code out} windows. Tap {@code j}
     * of window {@code i} reads position {@code i * stride - padding + j}; windows where that falls
     * in the padding skip the tap.
     */
    private static NDArray maxOfTaps(
            NDArray x, int axis, int kernel, int stride, int padding, long out) {
        long size = x.getShape().get(axis);
        List<NDArray> full = new ArrayList<>();
        List<long[]> partial = new ArrayList<>();
        for (int j = 0; j < kernel; j++) {
            long first = Math.max(0, Math.floorDiv(padding - j + stride - 1, stride));
            long last = Math.min(out - 1, Math.floorDiv(size - 1 + padding - j, stride));
            if (first > last) {
                continue; // this tap lies in the padding for every window
            }
            if (first == 0 && last == out - 1) {
                full.add(taps(x, axis, j - padding, stride, out));
            } else {
                partial.add(new long[] {j, first, last});
            }
        }
        NDArray max = combine(x, axis, out, full);
        for (long[] t : partial) {
            long first = t[1];
            long count = t[2] - first + 1;
            NDIndex windows = along(axis, first + ":" + (first + count));
            try (NDArray view = taps(x, axis, first * stride - padding + t[0], stride, count);
                    NDArray current = max.get(windows);
                    NDArray updated = current.maximum(view)) {
                max.set(windows, updated);
            }
        }
        return max;
    }

    /** A new array: the maximum of the full taps, or -inf where no tap covers every window. */
    private static NDArray combine(NDArray x, int axis, long out, List<NDArray> full) {
        if (full.isEmpty()) {
            long[] dims = x.getShape().getShape();
            dims[axis] = out;
            return x.getManager().full(new Shape(dims), Float.NEGATIVE_INFINITY, x.getDataType());
        }
        NDArray max = full.size() == 1 ? full.get(0).duplicate() : full.get(0).maximum(full.get(1));
        for (int i = 2; i < full.size(); i++) {
            NDArray next = max.maximum(full.get(i));
            max.close();
            max = next;
        }
        full.forEach(NDArray::close);
        return max;
    }

    /**
     * The view of {@code count} positions along {@code axis} from {@code start}, every {@code
     * stride}.
     */
    private static NDArray taps(NDArray x, int axis, long start, int stride, long count) {
        return x.get(along(axis, start + ":" + (start + stride * (count - 1) + 1) + ":" + stride));
    }

    private static NDIndex along(int axis, String slice) {
        return new NDIndex(axis == 3 ? ":, :, :, " + slice : ":, :, " + slice);
    }
}
