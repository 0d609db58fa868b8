package org.effbench.metrics;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.effbench.base.Dtype;

/**
 * The static metrics of one model at one batch size and dtype: the traced steps and their totals,
 * the computed peak activation memory and the model's size.
 *
 * @param model the model's name
 * @param inputShape input of the traced pass, batch included
 * @param dtype width of weights and activations
 * @param allOps whether FLOPs include element-wise work
 * @param trace the steps
 * @param peak computed peak live activation memory
 * @param serializedBytes size of the parameters saved to a file (DJL's format, fp32, buffers
 *     included)
 * @param measured the live peak and the bytes allocated in one real pass, or null when not measured
 */
public record ModelProfile(
        String model,
        Shape inputShape,
        Dtype dtype,
        boolean allOps,
        Trace trace,
        PeakMemory peak,
        long serializedBytes,
        MeasuredMemory measured) {

    public List<LayerOp> layers() {
        return trace.ops();
    }

    public long batch() {
        return inputShape.get(0);
    }

    public long params() {
        return layers().stream().mapToLong(LayerOp::params).sum();
    }

    public long buffers() {
        return layers().stream().mapToLong(LayerOp::buffers).sum();
    }

    public long macs() {
        return layers().stream().mapToLong(LayerOp::macs).sum();
    }

    /** FLOPs, or OPs for integer dtypes. */
    public long ops() {
        return layers().stream().mapToLong(l -> l.ops(allOps)).sum();
    }

    public long activations() {
        return layers().stream().mapToLong(LayerOp::activations).sum();
    }

    /** Parameters x bits / 8 for {@code d}. */
    public long sizeBytes(Dtype d) {
        return d.weightBytes(params());
    }

    /** Share of the total MACs, in percent (0 when the model has none). */
    public double macsShare(LayerOp layer) {
        return macs() == 0 ? 0 : 100.0 * layer.macs() / macs();
    }

    /** What FLOPs (or OPs) include, in words. */
    public String opsConvention() {
        return dtype.opsName()
                + " = 2 x MACs"
                + (allOps
                        ? " + element-wise ops (" + ElementwiseCost.SUMMARY + ")"
                        : "; element-wise ops not counted (--all-ops adds them)");
    }

    public ModelProfile withMeasurement(MeasuredMemory m) {
        return new ModelProfile(model, inputShape, dtype, allOps, trace, peak, serializedBytes, m);
    }
}
