package org.effbench.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.effbench.engine.TorchEngine;
import org.effbench.metrics.Dtype;
import org.effbench.metrics.ModelProfile;
import org.effbench.metrics.ModelProfiler;
import org.effbench.model.LoadedModel;
import org.effbench.model.ModelSpec;
import org.effbench.model.TorchScriptModel;
import org.effbench.operators.OperatorProfile;
import org.effbench.operators.OperatorProfiler;

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
                    k -> file(model, input).map(f -> fileMetrics(f, batch)));
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

    private static StaticMetrics fileMetrics(TorchScriptModel model, int batch) {
        OperatorProfile ops = OperatorProfiler.profile(model, batch, 1, false);
        List<String> caveats = new ArrayList<>();
        if (!ops.notUnderstood().isEmpty()) {
            caveats.add("MACs leave out operators not understood: " + String.join(", ", ops.notUnderstood()));
        }
        if (ops.estimated()) {
            caveats.add("some operator MACs are estimates (see the ops command)");
        }
        if (ops.packedWeights()) {
            caveats.add("packed (quantized) weights are not in params");
        }
        return StaticMetrics.withoutActivations(Math.round(ops.macs() / (double) batch), model.parameterCount(),
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
