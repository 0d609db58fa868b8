package org.effbench.operators;

import java.util.ArrayList;
import java.util.List;

/**
 * One operator call from libtorch's profiler: name, start and duration in microseconds, thread, the
 * shapes of its inputs (an empty list for a non-tensor argument), the bytes it allocated minus
 * those it freed (including the calls it made; 0 when memory was not recorded) and the calls it
 * made.
 */
public final class OpEvent {

    private final String name;
    private final double startMicros;
    private final double durationMicros;
    private final long thread;
    private final List<List<Long>> inputShapes;
    private final long memoryBytes;
    private final List<OpEvent> children = new ArrayList<>();
    private OpEvent parent;

    public OpEvent(
            String name,
            double startMicros,
            double durationMicros,
            long thread,
            List<List<Long>> inputShapes) {
        this(name, startMicros, durationMicros, thread, inputShapes, 0);
    }

    public OpEvent(
            String name,
            double startMicros,
            double durationMicros,
            long thread,
            List<List<Long>> inputShapes,
            long memoryBytes) {
        this.memoryBytes = memoryBytes;
        this.name = name;
        this.startMicros = startMicros;
        this.durationMicros = durationMicros;
        this.thread = thread;
        this.inputShapes = List.copyOf(inputShapes.stream().map(List::copyOf).toList());
    }

    public String name() {
        return name;
    }

    public double startMicros() {
        return startMicros;
    }

    public double durationMicros() {
        return durationMicros;
    }

    public double endMicros() {
        return startMicros + durationMicros;
    }

    public long thread() {
        return thread;
    }

    public List<List<Long>> inputShapes() {
        return inputShapes;
    }

    /** The shape of input {@code i}, or an empty list if there is none or it is not a tensor. */
    public List<Long> input(int i) {
        return i < inputShapes.size() ? inputShapes.get(i) : List.of();
    }

    public List<OpEvent> children() {
        return List.copyOf(children);
    }

    public OpEvent parent() {
        return parent;
    }

    /** Bytes allocated minus bytes freed during the call, the calls it made included. */
    public long memoryBytes() {
        return memoryBytes;
    }

    /** Time in this operator not spent in the operators it called. */
    public double selfMicros() {
        return Math.max(
                0, durationMicros - children.stream().mapToDouble(OpEvent::durationMicros).sum());
    }

    void addChild(OpEvent child) {
        children.add(child);
        child.parent = this;
    }

    @Override
    public String toString() {
        return name + inputShapes + " @" + startMicros + "+" + durationMicros;
    }
}
