package org.effbench.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.effbench.engine.TorchEngine;
import org.effbench.base.Dtype;
import org.effbench.metrics.ModelProfile;
import org.effbench.metrics.ModelProfiler;
import org.effbench.model.LoadedModel;
import org.effbench.model.ModelSpec;
import org.effbench.model.TorchScriptModel;
import org.effbench.operators.OperatorProfile;
import org.effbench.operators.OperatorProfiler;
import org.effbench.torchscript.CodeCount;
import org.effbench.torchscript.CodeCounter;
import org.effbench.torchscript.TorchScriptArchive;
import org.effbench.torchscript.TorchScriptInputs;

/**
 * Static metrics by (model, input, batch), each model loaded once: a zoo model's from its per-layer
 * profile, a TorchScript file's from one profiled pass per batch size (operator MACs) and its
 * module's parameters. Needs the engine (1 thread).
 */
public final class ModelMetricsCache implements AutoCloseable, MetricsSource {

    private final Map<String, Optional<LoadedModel>> models = new HashMap<>();
    private final Map<String, Optional<ModelProfile>> profiles = new HashMap<>();
    private final Map<String, Optional<TorchScriptModel>> files = new HashMap<>();
    private final Map<String, Optional<StaticMetrics>> fileMetrics = new HashMap<>();
    private final Map<String, String> problems = new HashMap<>();

    @Override
    public Optional<StaticMetrics> of(String model, String input, int batch) {
        if (TorchScriptModel.names(model)) {
            return fileMetrics.computeIfAbsent(model + "|" + input + "@" + batch,
                    k -> file(model, input).map(f -> fileMetrics(f, model, batch)));
        }
        return profile(model, 1).flatMap(one -> profile(model, batch).map(atBatch -> new StaticMetrics(one.macs(),
                one.params(), one.activations(), one.trace().input().bytes(), atBatch.peak().bytes())));
    }

    /** Why models given to {@link #of} had no metrics: a missing file, an input it rejects. */
    public List<String> problems() {
        return List.copyOf(problems.values());
    }

    /** The full per-layer profile of zoo model {@code model} at {@code batch}, traced once. */
    public Optional<ModelProfile> profile(String model, int batch) {
        return profiles.computeIfAbsent(model + "@" + batch,
                k -> load(model).map(m -> ModelProfiler.profile(m, batch, null, Dtype.FP32, false)));
    }

    /**
     * A file's counts: from its code (parameters by storage, packed weights included), with
     * libtorch's trace of one pass as the cross-check, or as the count when the code could not be
     * followed to the end (the caveat says so).
     */
    private static StaticMetrics fileMetrics(TorchScriptModel model, String id, int batch) {
        CodeCount code = CodeCounter.count(TorchScriptArchive.read(TorchScriptModel.file(id)),
                TorchScriptInputs.of(model.inputs(), batch));
        OperatorProfile ops = OperatorProfiler.profile(model, batch, 1, false);
        List<String> caveats = new ArrayList<>();
        long macs;
        if (code.complete()) {
            macs = code.macs();
            if (ops.macs() != code.macs()) {
                caveats.add(String.format(Locale.ROOT, "libtorch's trace counts %d MACs at batch %d, the code %d",
                        ops.macs(), batch, code.macs()));
            }
        } else {
            macs = ops.macs();
            caveats.add("MACs from libtorch's trace: the code was not counted to the end"
                    + (code.unresolved() == null ? "" : " (" + code.unresolved() + ")"));
            if (!ops.notUnderstood().isEmpty()) {
                caveats.add("MACs leave out operators not understood: " + String.join(", ", ops.notUnderstood()));
            }
            if (ops.estimated()) {
                caveats.add("some operator MACs are estimates (see the ops command)");
            }
        }
        return StaticMetrics.withoutActivations(Math.round(macs / (double) batch), code.parameters() + code.packedWeights(),
                model.inputBytesPerSample(), String.join("; ", caveats));
    }

    private Optional<TorchScriptModel> file(String model, String input) {
        return files.computeIfAbsent(model + "|" + input, k -> {
            TorchEngine.start(1);
            try {
                return Optional.of(TorchScriptModel.load(model, input));
            } catch (IllegalArgumentException e) {
                problems.put(model + "|" + input, "no static metrics: " + e.getMessage());
                return Optional.empty();
            }
        });
    }

    private Optional<LoadedModel> load(String model) {
        return models.computeIfAbsent(model, id -> {
            ModelSpec spec;
            try {
                spec = ModelSpec.parse(id);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            TorchEngine.start(1);
            return Optional.of(LoadedModel.load(spec));
        });
    }

    @Override
    public void close() {
        models.values().forEach(m -> m.ifPresent(LoadedModel::close));
        files.values().forEach(m -> m.ifPresent(TorchScriptModel::close));
    }
}
