package org.effbench.report;

import org.effbench.metrics.Dtype;

/**
 * What the post-processor needs of a model's static metrics at one batch size (see the profile
 * command for how each is counted).
 */
public record StaticMetrics(long macsPerSample, long params, long activationsPerSample, long inputBytesPerSample,
        long peakActivationBytes) {

    public long flopsPerSample() {
        return 2 * macsPerSample;
    }

    /** Weights read once, the input read once, every activation written once and read once, all in {@code dtype}. */
    public double bytesMovedPerBatch(int batch, Dtype dtype) {
        double width = dtype.activationBits() / 8.0;
        return dtype.weightBits() / 8.0 * params + batch * (inputBytesPerSample * width / 4 + 2.0 * width * activationsPerSample);
    }
}
