package org.effbench.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import java.util.Objects;
import org.effbench.engine.Clamp;

/** An element-wise activation: output shape equals input shape, no parameters. */
public final class ActivationBlock extends SingleArrayBlock {

    /** The activation functions the zoo uses. */
    public enum Kind {
        RELU,
        /** min(max(x, 0), 6), as in MobileNetV2. */
        RELU6,
        /** The exact (erf) GELU, as in BERT. */
        GELU,
        TANH
    }

    private final Kind kind;

    public ActivationBlock(Kind kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    @Override
    NDArray apply(NDArray x) {
        return switch (kind) {
            case RELU -> x.getNDArrayInternal().relu();
            case RELU6 -> Clamp.apply(x, 0f, 6f);
            case GELU -> x.getNDArrayInternal().gelu();
            case TANH -> x.tanh();
        };
    }

    @Override
    Shape outputShape(Shape in) {
        return in;
    }

    @Override
    public String toString() {
        return "Activation(" + kind.name().toLowerCase(Locale.ROOT) + ")";
    }
}
