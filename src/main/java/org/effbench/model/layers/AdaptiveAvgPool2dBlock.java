package org.effbench.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/** torch.nn.AdaptiveAvgPool2d: averages NCHW input down to a fixed height x width. */
public final class AdaptiveAvgPool2dBlock extends SingleArrayBlock {

    private final int outHeight;
    private final int outWidth;

    public AdaptiveAvgPool2dBlock(int outHeight, int outWidth) {
        if (outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException(
                    "adaptive pooling needs an output of at least 1x1, got "
                            + outHeight
                            + "x"
                            + outWidth);
        }
        this.outHeight = outHeight;
        this.outWidth = outWidth;
    }

    public int outHeight() {
        return outHeight;
    }

    public int outWidth() {
        return outWidth;
    }

    @Override
    NDArray apply(NDArray x) {
        // DJL's API has only global pooling; the engine has torch's adaptive pooling.
        return JniUtils.adaptiveAvgPool((PtNDArray) x, new Shape(outHeight, outWidth));
    }

    @Override
    Shape outputShape(Shape in) {
        return new Shape(in.get(0), in.get(1), outHeight, outWidth);
    }

    @Override
    public String toString() {
        return "AdaptiveAvgPool2d(" + outHeight + "x" + outWidth + ")";
    }
}
