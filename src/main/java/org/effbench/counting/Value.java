package org.effbench.counting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Abstract values an operator is called with and returns, when a count is worked out without
 * running the model: tensors are shapes; integers, floats, booleans, strings and lists are their
 * values; anything that depends on tensor data is {@link #UNKNOWN}.
 */
public final class Value {

    /** A value that cannot be known without the tensors' data. */
    public static final Object UNKNOWN =
            new Object() {
                @Override
                public String toString() {
                    return "<unknown>";
                }
            };

    /** Python's None. */
    public static final Object NONE =
            new Object() {
                @Override
                public String toString() {
                    return "None";
                }
            };

    private Value() {}

    /**
     * A tensor: its shape ({@code null} when unknown), element type name ({@code float32}, {@code
     * int64}, {@code qint8}, ...) and, for a 0-dimensional tensor made from a known number ({@code
     * NumToTensor}), that number.
     */
    public record Tensor(List<Long> shape, String dtype, Object scalar) {
        public Tensor {
            shape = shape == null ? null : List.copyOf(shape);
        }

        public Tensor(List<Long> shape, String dtype) {
            this(shape, dtype, null);
        }

        public static Tensor unknown(String dtype) {
            return new Tensor(null, dtype, null);
        }

        public boolean known() {
            return shape != null;
        }

        public long elements() {
            return Shapes.product(shape);
        }

        public Tensor withShape(List<Long> newShape) {
            return new Tensor(newShape, dtype, null);
        }

        @Override
        public String toString() {
            return "Tensor" + (shape == null ? "[?]" : shape) + (dtype == null ? "" : ":" + dtype);
        }
    }

    /** A tuple (immutable), as opposed to a list. */
    public record Tuple(List<Object> items) {
        public Tuple {
            items = Collections.unmodifiableList(new ArrayList<>(items));
        }

        public static Tuple of(Object... items) {
            return new Tuple(Arrays.asList(items));
        }
    }
}
