/**
 * The one table of operator counting rules, in the fvcore manner: for each libtorch operator its
 * schema (argument names in order), what it costs (matrix work in MACs, element-wise operations
 * per element, or nothing) and how its output shape follows from its arguments. Both TorchScript
 * counters use it: the one that reads a file's code ({@code torchscript}) and the one that reads
 * libtorch's trace ({@code operators}); the zoo's per-layer counts use its formulas. Nothing here
 * depends on another effbench package.
 */
package org.effbench.counting;
