package org.effbench.report;

/** Hand-made derived rows for tests outside this package (rows are built by the deriver). */
public final class TestRows {

    private TestRows() {}

    /**
     * A SampleTime row of the model benchmark with the figures the charts read: mean and median
     * latency, samples/s, arithmetic intensity and GFLOP/s.
     */
    public static DerivedRow sample(
            String model,
            String launch,
            int batch,
            int threads,
            int interOpThreads,
            int callers,
            double latencyMs) {
        return new DerivedRow()
                .put(Column.BENCHMARK, "InferenceBenchmark.infer")
                .put(Column.MODEL, model)
                .put(Column.LAUNCH, launch)
                .put(Column.BATCH_SIZE, batch)
                .put(Column.INTRA_OP_THREADS, threads)
                .put(Column.INTER_OP_THREADS, interOpThreads)
                .put(Column.CALLERS, callers)
                .put(Column.JMH_MODE, "sample")
                .put(Column.LATENCY_MS_MEAN, latencyMs)
                .put(Column.LATENCY_MS_P50, latencyMs)
                .put(Column.THROUGHPUT_SAMPLES_PER_S, 1000.0 * batch * callers / latencyMs)
                .put(Column.ARITHMETIC_INTENSITY, 10.0 * batch)
                .put(Column.ACHIEVED_GFLOPS, 5.0 * batch);
    }
}
