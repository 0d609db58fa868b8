package org.effbench.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** torch.nn.AdaptiveAvgPool2d: averages NCHW input down to a fixed height x width. */
public final class AdaptiveAvgPool2dBlock extends AbstractBlock {

    private final int outHeight;
    private final int outWidth;

    public AdaptiveAvgPool2dBlock(int outHeight, int outWidth) {
        super((byte) 1);
        if (outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException(
                    "adaptive pooling needs an output of at least 1x1, got " + outHeight + "x" + outWidth);
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
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        // DJL's API has only global pooling; the engine has torch's adaptive pooling.
        return new NDList(JniUtils.adaptiveAvgPool((PtNDArray) x, new Shape(outHeight, outWidth)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), outHeight, outWidth)};
    }

    @Override
    public String toString() {
        return "AdaptiveAvgPool2d(" + outHeight + "x" + outWidth + ")";
    }
}
