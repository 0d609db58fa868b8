package org.effbench.report;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.effbench.engine.TorchEngine;
import org.effbench.metrics.Dtype;
import org.effbench.metrics.ModelProfile;
import org.effbench.metrics.ModelProfiler;
import org.effbench.model.LoadedModel;
import org.effbench.model.ModelSpec;

/** Static metrics of zoo models by (model, batch), each model built once. Needs the engine (1 thread). */
public final class ModelMetricsCache implements AutoCloseable {

    private final Map<String, Optional<LoadedModel>> models = new HashMap<>();
    private final Map<String, Optional<ModelProfile>> profiles = new HashMap<>();

    public Optional<StaticMetrics> get(String model, int batch) {
        return profile(model, 1).flatMap(one -> profile(model, batch).map(atBatch -> new StaticMetrics(one.macs(),
                one.params(), one.activations(), one.trace().input().bytes(), atBatch.peak().bytes())));
    }

    /** The full per-layer profile of {@code model} at {@code batch}, traced once. */
    public Optional<ModelProfile> profile(String model, int batch) {
        return profiles.computeIfAbsent(model + "@" + batch,
                k -> load(model).map(m -> ModelProfiler.profile(m, batch, null, Dtype.FP32, false)));
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
    }
}
