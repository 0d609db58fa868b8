package org.effbench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/**
 * What one sample fed to a model looks like: its shape without the batch axis, its data type, and
 * for token ids the range they are drawn from.
 *
 * @param sampleShape shape of one sample, batch axis excluded
 * @param dataType FLOAT32 for images and features, INT64 for token ids
 * @param tokenRange exclusive upper bound of token ids; 0 when the input is not token ids
 */
public record InputSpec(Shape sampleShape, DataType dataType, int tokenRange) {

    public InputSpec {
        Objects.requireNonNull(sampleShape, "sampleShape");
        Objects.requireNonNull(dataType, "dataType");
    }

    public static InputSpec floats(long... sampleDims) {
        return new InputSpec(new Shape(sampleDims), DataType.FLOAT32, 0);
    }

    public static InputSpec tokens(int sequenceLength, int vocabulary) {
        return new InputSpec(new Shape(sequenceLength), DataType.INT64, vocabulary);
    }

    public Shape batchShape(int batch) {
        return new Shape(batch).addAll(sampleShape);
    }

    /** A random batch on {@code manager}: standard normal values, or uniform token ids. */
    public NDArray random(NDManager manager, int batch) {
        Shape shape = batchShape(batch);
        return dataType == DataType.INT64
                ? manager.randomInteger(0, tokenRange, shape, DataType.INT64)
                : manager.randomNormal(shape);
    }

    @Override
    public String toString() {
        return sampleShape + " " + dataType;
    }
}
