/**
 * The JMH harnesses and what they share. Five benchmarks: {@link
 * org.effbench.bench.InferenceBenchmark} (a model x batch x intra-op threads x concurrent callers:
 * latency distribution and throughput), {@link org.effbench.bench.PipelineBenchmark} (an image
 * model fed by JPEG decoding and normalisation, sequential or overlapped), {@link
 * org.effbench.bench.MatmulPeakBenchmark} (the engine's fp32 GEMM ceiling), {@link
 * org.effbench.bench.FmaPeakBenchmark} (the cores' fp32 FMA peak, Vector API, no engine) and {@link
 * org.effbench.bench.MemoryBandwidthBenchmark} (streaming memory bandwidth, the roofline's memory
 * roof). {@link org.effbench.bench.BenchParam} owns the JMH parameter names, {@link
 * org.effbench.bench.InferenceConfig} is one inference configuration as a checked value, and {@link
 * org.effbench.bench.Ceilings} reads the three ceiling benchmarks' results back as the machine's
 * ceilings per thread count.
 */
package org.effbench.bench;
