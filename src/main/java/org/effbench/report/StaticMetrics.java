package org.effbench.report;

/**
 * What the post-processor needs of a model's static metrics at one batch size (see the profile
 * command for how each is counted).
 */
public record StaticMetrics(long macsPerSample, long params, long activationsPerSample, long inputBytesPerSample,
        long peakActivationBytes) {

    public long flopsPerSample() {
        return 2 * macsPerSample;
    }

    /** Weights read once, the input read once, every activation written once and read once (fp32). */
    public double bytesMovedPerBatch(int batch) {
        return 4.0 * params + batch * (inputBytesPerSample + 2.0 * 4 * activationsPerSample);
    }
}
