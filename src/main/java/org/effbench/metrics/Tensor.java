package org.effbench.metrics;

import ai.djl.ndarray.types.Shape;

/**
 * A tensor flowing through the traced graph: its shape, the bytes one element takes, and the buffer
 * it lives in (a view or an in-place result shares its input's buffer).
 */
public record Tensor(int id, Shape shape, int bytesPerElement, int buffer) {

    public long elements() {
        return shape.size();
    }

    public long bytes() {
        return elements() * bytesPerElement;
    }
}
