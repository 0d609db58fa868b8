package org.effbench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.effbench.base.AtomicFiles;
import org.effbench.base.ComputeDtype;
import org.effbench.base.Dtype;
import org.effbench.engine.TorchEngine;
import org.effbench.metrics.LayerMacs;
import org.effbench.metrics.ModelMetricsFile;
import org.effbench.metrics.ModelProfile;
import org.effbench.metrics.ModelProfiler;
import org.effbench.metrics.StaticMetrics;
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
 * Counts the static metrics a run's rows need and stores them in its folder ({@link
 * ModelMetricsFile}), each model loaded once: a zoo model's from its per-layer profile (fp32), a
 * TorchScript file's from its code (parameters by storage, packed weights included, the dtype its
 * products compute in) with one profiled pass per batch size as the cross-check of its MACs. Needs
 * the engine (1 thread); the post-processor reads the file and never loads a model.
 */
public final class ModelMetrics implements AutoCloseable {

    private final Map<String, Optional<LoadedModel>> models = new HashMap<>();
    private final Map<String, Optional<ModelProfile>> profiles = new HashMap<>();
    private final Map<String, Optional<TorchScriptModel>> files = new HashMap<>();
    private final Map<String, Optional<StaticMetrics>> fileMetrics = new HashMap<>();
    private final Map<String, String> problems = new HashMap<>();

    /**
     * Adds to {@code folder}'s {@link ModelMetricsFile#FILE} the configurations in {@code needed}
     * it lacks, and the per-layer MACs of each zoo model among them; entries already there are
     * kept.
     *
     * @return the file's content afterwards
     */
    public static ModelMetricsFile complete(Path folder, Collection<ModelMetricsFile.Key> needed)
            throws IOException {
        Path file = folder.resolve(ModelMetricsFile.FILE);
        ModelMetricsFile stored = ModelMetricsFile.EMPTY;
        boolean otherVersion = false;
        if (Files.exists(file)) {
            try {
                stored = ModelMetricsFile.read(file);
            } catch (ModelMetricsFile.OtherVersion e) {
                otherVersion = true; // written with another layout: every entry is counted anew
            }
        }
        Map<ModelMetricsFile.Key, StaticMetrics> added = new LinkedHashMap<>();
        List<LayerMacs> layers = new ArrayList<>();
        try (ModelMetrics counter = new ModelMetrics()) {
            for (ModelMetricsFile.Key key : needed) {
                if (stored.of(key.model(), key.batch()).isEmpty()) {
                    counter.of(key.model().model(), key.model().input(), key.batch())
                            .ifPresent(m -> added.put(key, m));
                }
                String model = key.model().model();
                if (!key.model().isFile()
                        && stored.layers(model).isEmpty()
                        && layers.stream().noneMatch(l -> l.model().equals(model))) {
                    counter.profile(model, 1).map(LayerMacs::of).ifPresent(layers::add);
                }
            }
            if (added.isEmpty()
                    && layers.isEmpty()
                    && counter.problems().isEmpty()
                    && Files.exists(file)
                    && !otherVersion) {
                return stored;
            }
            ModelMetricsFile updated =
                    stored.with(new ModelMetricsFile(added, layers, counter.problems()));
            AtomicFiles.writeString(file, updated.toJson());
            return updated;
        }
    }

    /**
     * The metrics of one model configuration; empty when it cannot be loaded ({@link #problems}
     * says why).
     */
    public Optional<StaticMetrics> of(String model, String input, int batch) {
        if (TorchScriptModel.names(model)) {
            return fileMetrics.computeIfAbsent(
                    model + "|" + input + "@" + batch,
                    k -> file(model, input).map(f -> fileMetrics(f, model, batch)));
        }
        return profile(model, 1)
                .flatMap(
                        one ->
                                profile(model, batch)
                                        .map(
                                                atBatch ->
                                                        new StaticMetrics(
                                                                one.macs(),
                                                                one.params(),
                                                                one.activations(),
                                                                one.trace().input().bytes(),
                                                                atBatch.peak().bytes())));
    }

    /** Why models given to {@link #of} had no metrics: a missing file, an input it rejects. */
    public List<String> problems() {
        return List.copyOf(problems.values());
    }

    /** The full per-layer profile of zoo model {@code model} at {@code batch}, traced once. */
    public Optional<ModelProfile> profile(String model, int batch) {
        return profiles.computeIfAbsent(
                model + "@" + batch,
                k ->
                        load(model)
                                .map(
                                        m ->
                                                ModelProfiler.profile(
                                                        m, batch, null, Dtype.FP32, false)));
    }

    /**
     * A file's counts: from its code (parameters by storage, packed weights included), with
     * libtorch's trace of one pass as the cross-check, or as the count when the code could not be
     * followed to the end (the caveat says so).
     */
    private static StaticMetrics fileMetrics(TorchScriptModel model, String id, int batch) {
        CodeCount code =
                CodeCounter.count(
                        TorchScriptArchive.read(TorchScriptModel.file(id)),
                        TorchScriptInputs.of(model.inputs(), batch));
        OperatorProfile ops = OperatorProfiler.profile(model, batch, 1, false);
        List<String> caveats = new ArrayList<>();
        long macs;
        if (code.complete()) {
            macs = code.macs();
            if (ops.macs() != code.macs()) {
                caveats.add(
                        String.format(
                                Locale.ROOT,
                                "libtorch's trace counts %d MACs at batch %d, the code %d",
                                ops.macs(),
                                batch,
                                code.macs()));
            }
        } else {
            macs = ops.macs();
            caveats.add(
                    "MACs from libtorch's trace: the code was not counted to the end"
                            + (code.unresolved() == null ? "" : " (" + code.unresolved() + ")"));
            if (!ops.notUnderstood().isEmpty()) {
                caveats.add(
                        "MACs leave out operators not understood: "
                                + String.join(", ", ops.notUnderstood()));
            }
            if (ops.estimated()) {
                caveats.add("some operator MACs are estimates (see the ops command)");
            }
        }
        Map<String, Long> dtypePerSample = new LinkedHashMap<>();
        code.dtype()
                .macs()
                .forEach((d, n) -> dtypePerSample.put(d, Math.round(n / (double) batch)));
        return StaticMetrics.withoutActivations(
                Math.round(macs / (double) batch),
                code.parameters() + code.packedWeights(),
                model.inputBytesPerSample(),
                // what the code computes in (libtorch's trace records shapes, not dtypes); when the
                // code stopped early, what it saw up to there, marked partial
                new ComputeDtype(dtypePerSample, code.dtype().partial()),
                String.join("; ", caveats));
    }

    private Optional<TorchScriptModel> file(String model, String input) {
        return files.computeIfAbsent(
                model + "|" + input,
                k -> {
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
        return models.computeIfAbsent(
                model,
                id -> {
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
