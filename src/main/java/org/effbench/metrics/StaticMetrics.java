package org.effbench.metrics;

import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.effbench.base.ComputeDtype;
import org.effbench.base.Dtype;
import org.effbench.base.Flops;

/**
 * What the post-processor needs of a model's static metrics at one batch size (see the profile
 * command for how each is counted). A zoo model has them all; a TorchScript file has MACs from its
 * operators and parameters from its module, but no layers to add activations up from.
 *
 * @param dtype the formats the matrix products computed in, by MACs (per sample)
 * @param caveat what the counts leave out or estimate, for the row's warnings; empty if nothing
 */
public record StaticMetrics(
        long macsPerSample,
        long params,
        OptionalLong activationsPerSample,
        long inputBytesPerSample,
        OptionalLong peakActivationBytes,
        ComputeDtype dtype,
        String caveat) {

    /**
     * A zoo model's metrics, all known. It computes in fp32 by construction: the zoo builds its
     * weights and inputs in fp32 with DJL's eager API, which cannot make bf16 tensors (see
     * results/PERFORMANCE.md).
     */
    public StaticMetrics(
            long macsPerSample,
            long params,
            long activationsPerSample,
            long inputBytesPerSample,
            long peakActivationBytes) {
        this(
                macsPerSample,
                params,
                OptionalLong.of(activationsPerSample),
                inputBytesPerSample,
                OptionalLong.of(peakActivationBytes),
                ComputeDtype.all(Dtype.FP32, macsPerSample),
                "");
    }

    /** A TorchScript file's metrics: its activations are not counted. */
    public static StaticMetrics withoutActivations(
            long macsPerSample,
            long params,
            long inputBytesPerSample,
            ComputeDtype dtype,
            String caveat) {
        return new StaticMetrics(
                macsPerSample,
                params,
                OptionalLong.empty(),
                inputBytesPerSample,
                OptionalLong.empty(),
                dtype,
                caveat);
    }

    public long flopsPerSample() {
        return Flops.ofMacs(macsPerSample);
    }

    /**
     * Weights read once, the input read once, every activation written once and read once, all in
     * {@code dtype}; empty without activations.
     */
    public OptionalDouble bytesMovedPerBatch(int batch, Dtype dtype) {
        if (activationsPerSample.isEmpty()) {
            return OptionalDouble.empty();
        }
        double width = dtype.activationBits() / 8.0;
        return OptionalDouble.of(
                dtype.weightBits() / 8.0 * params
                        + batch
                                * (inputBytesPerSample * width / 4
                                        + 2.0 * width * activationsPerSample.getAsLong()));
    }
}
