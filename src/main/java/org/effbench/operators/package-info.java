/**
 * Operator-level view of a forward pass, for any model: libtorch's profiler (through DJL) records
 * every operator with its input shapes and times; this package nests the events, counts MACs from
 * the shapes for matrix, convolution, attention and recurrent operators, and aggregates calls,
 * self time and achieved GFLOP/s per operator.
 */
package org.effbench.operators;
