package org.effbench.memory;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.effbench.engine.LiveTensorProbe;
import org.effbench.engine.TorchEngine;
import org.effbench.metrics.MeasuredMemory;
import org.effbench.model.LoadedModel;
import org.effbench.operators.ChromeTrace;
import org.effbench.operators.OpEvent;

/**
 * The activation memory of one real forward pass, measured two ways after a warm-up pass: the live
 * peak (the largest sum of tensors alive in the pass's scope at a layer boundary, input included,
 * see {@link LiveTensorProbe}) and the bytes libtorch allocated during the pass (its profiler with
 * memory recording, through DJL: every top-level operator's net allocation, summed). The first is
 * what the pass needs at once; the second is how much memory it touches, which matters because
 * every fresh allocation may cost page faults.
 */
public final class MeasuredPeak {

    private MeasuredPeak() {}

    public static MeasuredMemory measure(LoadedModel model, int batch) {
        try (NDManager caller = NDManager.newBaseManager(TorchEngine.NAME)) {
            NDList input = model.newInput(caller, batch, 1);
            model.inferInScope(
                    caller, input); // first-call work (oneDNN primitive caches) stays out
            long live;
            try (NDManager scope = caller.newSubManager()) {
                input.tempAttach(scope);
                live = LiveTensorProbe.measure(scope, () -> model.forward(input));
            }
            Path trace = Files.createTempFile("effbench-profile", ".json");
            try {
                JniUtils.startProfile(false, false, true);
                try {
                    model.inferInScope(caller, input);
                } finally {
                    JniUtils.stopProfile(trace.toString());
                }
                return new MeasuredMemory(live, peakOfRunningSum(Files.readString(trace)));
            } finally {
                Files.deleteIfExists(trace);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read libtorch's profile: " + e.getMessage(), e);
        }
    }

    /**
     * The peak of the running sum of net allocations of top-level operators in a chrome trace from
     * libtorch's legacy profiler ("cpu mem" per event, inclusive of nested events). Frees made
     * between operators (DJL closing a tensor) are not in the trace, so for a pass this is what it
     * allocated.
     */
    static long peakOfRunningSum(String chromeTrace) {
        long running = 0;
        long peak = 0;
        for (OpEvent op : ChromeTrace.parse(chromeTrace)) {
            running += op.memoryBytes();
            peak = Math.max(peak, running);
        }
        return peak;
    }
}
