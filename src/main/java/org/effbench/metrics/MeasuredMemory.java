package org.effbench.metrics;

/**
 * Two measurements of one real forward pass, made by {@code memory.MeasuredPeak}: the largest sum
 * of live tensors at layer boundaries and the peak of libtorch's allocations.
 */
public record MeasuredMemory(long livePeakBytes, long allocatedBytes) {}
