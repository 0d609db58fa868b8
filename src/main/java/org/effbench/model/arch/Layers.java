package org.effbench.model.arch;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import org.effbench.model.layers.ActivationBlock;
import org.effbench.model.layers.EagerSequentialBlock;
import org.effbench.model.layers.Pool2dBlock;

/** Short names for the layers the architectures repeat, with torch's defaults. */
final class Layers {

    private Layers() {}

    static Conv2d conv(int filters, int kernel, int stride, int padding, int groups, boolean bias) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optGroups(groups)
                .optBias(bias)
                .build();
    }

    /** A convolution with a bias, as torchvision's AlexNet, VGG and SqueezeNet use. */
    static Conv2d convBias(int filters, int kernel, int stride, int padding) {
        return conv(filters, kernel, stride, padding, 1, true);
    }

    /** A convolution without bias: the BatchNorm after it has its own shift. */
    static Conv2d convNoBias(int filters, int kernel, int stride, int padding) {
        return conv(filters, kernel, stride, padding, 1, false);
    }

    /** torch.nn.BatchNorm2d defaults: eps 1e-5, over the channel axis. */
    static BatchNorm batchNorm() {
        return BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
    }

    /**
     * Conv (no bias, "same" padding) + BatchNorm + activation, torchvision's Conv2dNormActivation.
     */
    static EagerSequentialBlock convBnAct(
            int filters, int kernel, int stride, int groups, ActivationBlock.Kind act) {
        return new EagerSequentialBlock()
                .add(conv(filters, kernel, stride, (kernel - 1) / 2, groups, false))
                .add(batchNorm())
                .add(ActivationBlock.inPlace(act));
    }

    /**
     * ReLU in place on the output of the layer before it, as torchvision's models run it ({@code
     * ReLU(inplace=True)}): every zoo use follows a convolution, BatchNorm, linear layer or
     * residual add.
     */
    static ActivationBlock relu() {
        return ActivationBlock.inPlace(ActivationBlock.Kind.RELU);
    }

    static Pool2dBlock maxPool(int kernel, int stride, int padding, boolean ceilMode) {
        return new Pool2dBlock(Pool2dBlock.Kind.MAX, kernel, stride, padding, ceilMode);
    }

    static Linear linear(int units) {
        return Linear.builder().setUnits(units).build();
    }

    static Block dropout(float rate) {
        return Dropout.builder().optRate(rate).build();
    }
}
