/**
 * The machine a run measured, saved as {@code machine.json} in the run folder ({@link
 * org.effbench.machine.MachineProfile}, built by {@link org.effbench.machine.MachineProfiler}): CPU
 * and vector extensions, cores, memory, OS and kernel, the JVM, DJL and libtorch versions, the
 * environment variables that change results, the git commit, the ceilings per thread count ({@link
 * org.effbench.machine.Ceiling} values: fp32 GEMM GFLOP/s and memory bandwidth, measured by the
 * ceiling benchmarks and read in by {@code bench}) and the theoretical FMA peak, a labelled guess.
 * It reads the machine; it measures nothing itself.
 */
package org.effbench.machine;
