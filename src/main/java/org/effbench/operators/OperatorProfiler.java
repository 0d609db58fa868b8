package org.effbench.operators;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.effbench.base.Checks;
import org.effbench.base.ShapeText;
import org.effbench.engine.TorchEngine;
import org.effbench.model.ForwardModel;

/**
 * Runs a model under libtorch's profiler (through DJL, input shapes recorded) and builds its {@link
 * OperatorProfile}. Warm-up passes run first, so oneDNN's first-call work stays out; the same
 * number of passes is timed without the profiler, to show what profiling itself adds.
 */
public final class OperatorProfiler {

    private static final int WARMUP_PASSES = 3;

    private OperatorProfiler() {}

    public static OperatorProfile profile(
            ForwardModel model, int batch, int passes, boolean allOps) {
        Checks.atLeast("passes", passes, 1);
        try (NDManager caller = NDManager.newBaseManager(TorchEngine.NAME)) {
            NDList input = model.newInput(caller, batch, 1);
            NDArray marker = PassMarker.tensor(caller);
            for (int i = 0; i < WARMUP_PASSES; i++) {
                model.inferInScope(caller, input);
            }
            long unprofiled = timePasses(model, caller, input, passes, null);
            Path trace = Files.createTempFile("effbench-operators", ".json");
            try {
                long wall;
                JniUtils.startProfile(false, true, false);
                try {
                    wall = timePasses(model, caller, input, passes, marker);
                } finally {
                    JniUtils.stopProfile(trace.toString());
                }
                return OperatorProfile.of(
                        model.id(),
                        input.stream()
                                .map(a -> ShapeText.of(a.getShape().getShape()))
                                .collect(Collectors.joining(", ")),
                        TorchEngine.threadsOfCallingThread(),
                        ChromeTrace.parse(Files.readString(trace)),
                        passes,
                        allOps,
                        wall / 1e3,
                        unprofiled / 1e3 / passes);
            } finally {
                Files.deleteIfExists(trace);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read libtorch's profile: " + e.getMessage(), e);
        }
    }

    /**
     * Times the passes; with a marker, it runs between passes (its few microseconds are in the
     * time).
     */
    private static long timePasses(
            ForwardModel model, NDManager caller, NDList input, int passes, NDArray marker) {
        long start = System.nanoTime();
        for (int i = 0; i < passes; i++) {
            if (marker != null && i > 0) {
                PassMarker.mark(marker);
            }
            model.inferInScope(caller, input);
        }
        return System.nanoTime() - start;
    }
}
