package org.effbench.counting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Shape arithmetic shared by the counting rules. */
public final class Shapes {

    private Shapes() {}

    public static long product(List<Long> dims) {
        long p = 1;
        for (long d : dims) {
            p *= d;
        }
        return p;
    }

    public static long last(List<Long> dims) {
        return dims.get(dims.size() - 1);
    }

    /** A dimension index that may count from the end. */
    public static int dim(long d, int rank) {
        int i = (int) (d < 0 ? d + rank : d);
        if (i < 0 || i >= Math.max(rank, 1)) {
            throw new IllegalArgumentException("dimension " + d + " out of range for rank " + rank);
        }
        return i;
    }

    /** NumPy broadcasting of two shapes. */
    public static List<Long> broadcast(List<Long> a, List<Long> b) {
        int rank = Math.max(a.size(), b.size());
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            long da = i < rank - a.size() ? 1 : a.get(i - (rank - a.size()));
            long db = i < rank - b.size() ? 1 : b.get(i - (rank - b.size()));
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(
                        "shapes " + a + " and " + b + " do not broadcast");
            }
            out.add(da == 1 ? db : da);
        }
        return out;
    }

    /** The output size of a convolution or pooling window along one axis. */
    public static long window(
            long in, long kernel, long stride, long padding, long dilation, boolean ceil) {
        long span = in + 2 * padding - dilation * (kernel - 1) - 1;
        long out =
                (ceil ? Math.floorDiv(span + stride - 1, stride) : Math.floorDiv(span, stride)) + 1;
        if (ceil && (out - 1) * stride >= in + padding) {
            out--; // the last window must start inside the input or its left padding
        }
        return out;
    }

    /** The output size of a transposed convolution along one axis. */
    public static long transposedWindow(
            long in, long kernel, long stride, long padding, long outputPadding, long dilation) {
        return (in - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;
    }

    /** {@code v} repeated to {@code n} values when it has one (PyTorch's {@code _pair} and kin). */
    public static List<Long> expand(List<Long> v, int n) {
        if (v.size() == n) {
            return v;
        }
        if (v.size() == 1) {
            return Collections.nCopies(n, v.get(0));
        }
        throw new IllegalArgumentException("expected " + n + " values, got " + v);
    }
}
