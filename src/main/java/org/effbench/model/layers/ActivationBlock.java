package org.effbench.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import java.util.Objects;
import org.effbench.engine.Clamp;
import org.effbench.engine.InPlace;

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
    private final boolean inPlace;

    /** Writes a new array: for an input someone else may still read. */
    public ActivationBlock(Kind kind) {
        this(kind, false);
    }

    private ActivationBlock(Kind kind, boolean inPlace) {
        this.kind = Objects.requireNonNull(kind, "kind");
        if (inPlace && kind != Kind.RELU && kind != Kind.RELU6) {
            throw new IllegalArgumentException(kind + " has no in-place form; RELU and RELU6 do");
        }
        this.inPlace = inPlace;
    }

    /**
     * Overwrites its input, as torchvision's {@code ReLU(inplace=True)}: only after a layer whose
     * output nobody else reads (a convolution, BatchNorm, a residual add), never as the first layer
     * of a sequence, whose input belongs to the caller ({@link EagerSequentialBlock} refuses that).
     */
    public static ActivationBlock inPlace(Kind kind) {
        return new ActivationBlock(kind, true);
    }

    public Kind kind() {
        return kind;
    }

    /** Whether it overwrites its input (its output is its input's memory). */
    public boolean isInPlace() {
        return inPlace;
    }

    @Override
    NDArray apply(NDArray x) {
        return switch (kind) {
            case RELU -> inPlace ? InPlace.relu(x) : x.getNDArrayInternal().relu();
            case RELU6 -> inPlace ? InPlace.clamp(x, 0f, 6f) : Clamp.apply(x, 0f, 6f);
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
        return "Activation("
                + kind.name().toLowerCase(Locale.ROOT)
                + (inPlace ? ", in place" : "")
                + ")";
    }
}
