/**
 * The JMH harnesses: {@link org.effbench.bench.InferenceBenchmark} (model x batch x intra-op
 * threads x concurrent callers, latency distribution and throughput) and
 * {@link org.effbench.bench.MatmulPeakBenchmark} (the engine's fp32 GEMM ceiling).
 */
package org.effbench.bench;
