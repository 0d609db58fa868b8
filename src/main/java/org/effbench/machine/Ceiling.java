package org.effbench.machine;

/**
 * What this machine achieved through the engine at one intra-op thread count: fp32 GEMM GFLOP/s and
 * streaming memory bandwidth in GB/s, each with JMH's error (NaN when unknown).
 */
public record Ceiling(
        int threads,
        double gemmGflops,
        double gemmGflopsError,
        int gemmMatrixSize,
        double memoryGBps,
        double memoryGBpsError) {}
