package org.effbench.base;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Shapes written as users type them: {@code 1x3x224x224}. */
public final class ShapeText {

    private ShapeText() {}

    public static String of(Shape shape) {
        return of(shape.getShape());
    }

    public static String of(long[] dims) {
        return Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining("x"));
    }
}
