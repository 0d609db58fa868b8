/**
 * The one table of operator counting rules, in the fvcore manner: for each libtorch operator its
 * schema (argument names in order), what it costs (matrix work in MACs, element-wise operations per
 * element, or nothing) and how its output shape follows from its arguments. Both operator counters
 * use it: the one that reads a TorchScript file's code ({@code torchscript}) and the one that reads
 * libtorch's trace of any model ({@code operators}). The zoo's per-layer counts ({@code metrics})
 * have their own table of layer kinds on the same conventions, and a test holds the two to the same
 * MACs on the whole zoo. Nothing here depends on another effbench package but {@code base}.
 */
package org.effbench.counting;
