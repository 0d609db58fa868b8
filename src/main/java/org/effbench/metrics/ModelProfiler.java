package org.effbench.metrics;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.effbench.base.Checks;
import org.effbench.base.Dtype;
import org.effbench.base.ShapeText;
import org.effbench.model.LoadedModel;

/** Builds a {@link ModelProfile} for a loaded model. */
public final class ModelProfiler {

    private ModelProfiler() {}

    /**
     * @param sampleShape one sample's shape, or null for the model's own input
     * @throws IllegalArgumentException when the batch is below 1 or the input does not fit the
     *     model
     */
    public static ModelProfile profile(
            LoadedModel model, int batch, Shape sampleShape, Dtype dtype, boolean allOps) {
        Checks.atLeast("batch size", batch, 1);
        Shape sample = sampleShape == null ? model.spec().input().sampleShape() : sampleShape;
        if (sample.dimension() != model.spec().input().sampleShape().dimension()) {
            throw new IllegalArgumentException(
                    "input "
                            + ShapeText.of(sample)
                            + " does not fit "
                            + model.spec()
                            + ": it takes "
                            + model.spec().input().sampleShape().dimension()
                            + " dimensions per sample, e.g. "
                            + ShapeText.of(model.spec().input().sampleShape()));
        }
        Shape input = new Shape(batch).addAll(sample);
        Trace trace =
                BlockTracer.trace(model.block(), input, model.spec().input().dataType(), dtype);
        return new ModelProfile(
                model.spec().toString(),
                input,
                dtype,
                allOps,
                trace,
                PeakMemory.of(trace),
                serializedBytes(model.block()),
                null);
    }

    /** The size of the block's parameters written to a file in DJL's format. */
    static long serializedBytes(Block block) {
        try {
            Path file = Files.createTempFile("effbench-params", ".params");
            try {
                try (DataOutputStream out =
                        new DataOutputStream(
                                new BufferedOutputStream(Files.newOutputStream(file)))) {
                    block.saveParameters(out);
                }
                return Files.size(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot save the parameters to measure their size: " + e.getMessage(), e);
        }
    }
}
