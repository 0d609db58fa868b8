package org.effbench.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/** Max or average pooling over NCHW input with a square kernel, as torch.nn.MaxPool2d/AvgPool2d. */
public final class Pool2dBlock extends SingleArrayBlock {

    /** How a window is reduced. */
    public enum Kind {
        MAX,
        AVG
    }

    private final Kind kind;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean ceilMode;

    public Pool2dBlock(Kind kind, int kernel, int stride, int padding, boolean ceilMode) {
        this.kind = Objects.requireNonNull(kind, "kind");
        if (kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException(
                    "pooling needs kernel >= 1, stride >= 1, padding >= 0; got kernel="
                            + kernel
                            + " stride="
                            + stride
                            + " padding="
                            + padding);
        }
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
    }

    public Kind kind() {
        return kind;
    }

    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    public boolean ceilMode() {
        return ceilMode;
    }

    @Override
    NDArray apply(NDArray x) {
        if (kind == Kind.MAX && SeparableMaxPool.enabled()) {
            Shape in = x.getShape();
            return SeparableMaxPool.pool(
                    x, kernel, stride, padding, outputSize(in.get(2)), outputSize(in.get(3)));
        }
        Shape k = new Shape(kernel, kernel);
        Shape s = new Shape(stride, stride);
        Shape p = new Shape(padding, padding);
        return kind == Kind.MAX
                ? x.getNDArrayInternal().maxPool(k, s, p, ceilMode)
                : x.getNDArrayInternal().avgPool(k, s, p, ceilMode, true);
    }

    @Override
    Shape outputShape(Shape in) {
        return new Shape(in.get(0), in.get(1), outputSize(in.get(2)), outputSize(in.get(3)));
    }

    /**
     * torch's pooling output size, including the rule that a ceil-mode window must start inside the
     * input.
     */
    long outputSize(long in) {
        long span = in + 2L * padding - kernel;
        long out =
                (ceilMode ? Math.floorDiv(span + stride - 1, stride) : Math.floorDiv(span, stride))
                        + 1;
        if (ceilMode && (out - 1) * stride >= in + padding) {
            out--;
        }
        return out;
    }

    @Override
    public String toString() {
        return (kind == Kind.MAX ? "MaxPool2d" : "AvgPool2d")
                + "(kernel="
                + kernel
                + ", stride="
                + stride
                + ", padding="
                + padding
                + (ceilMode ? ", ceil_mode" : "")
                + ")";
    }
}
