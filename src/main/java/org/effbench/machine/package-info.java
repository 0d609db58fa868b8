/**
 * The machine a run measured: its ceilings (fp32 GEMM GFLOP/s and memory bandwidth per thread
 * count, measured through the engine; the theoretical FMA peak, a labelled guess) and the
 * metadata that changes results, saved as {@code machine.json} in the run folder.
 */
package org.effbench.machine;
