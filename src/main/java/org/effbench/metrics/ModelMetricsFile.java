package org.effbench.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.effbench.base.ComputeDtype;
import org.effbench.model.ModelRef;

/**
 * A run folder's {@code model-metrics.json}: the static metrics of every model configuration the
 * run measured, counted once when the run ends (the engine loads each model), so the post-processor
 * derives its rows from files alone.
 *
 * @param metrics per model and batch size
 * @param layers per zoo model at batch 1, for the per-layer chart
 * @param problems why a model has no metrics (a missing file, an input it rejects)
 */
public record ModelMetricsFile(
        Map<Key, StaticMetrics> metrics, List<LayerMacs> layers, List<String> problems) {

    public static final String FILE = "model-metrics.json";

    /**
     * The version of the layout and of the counts in it: 2 added each configuration's compute
     * dtype; 3 counts quantized modules that pack their weights in their own {@code __setstate__}
     * (FX-quantized files, which version 2 left uncounted). A file of another version is not read
     * (its entries would lack what the rows need, or be short) but counted again.
     */
    public static final int VERSION = 3;

    /** A file written by an effbench with another layout: count its models again. */
    public static final class OtherVersion extends IOException {
        OtherVersion(Path file, int version) {
            super(
                    file
                            + " has layout version "
                            + version
                            + ", this effbench reads version "
                            + VERSION
                            + ": analyze the run folder again to count its models anew");
        }
    }

    /** A model as the harness's parameters name it, at one batch size. */
    public record Key(ModelRef model, int batch) {}

    public static final ModelMetricsFile EMPTY =
            new ModelMetricsFile(Map.of(), List.of(), List.of());

    public ModelMetricsFile {
        metrics = Map.copyOf(metrics);
        layers = List.copyOf(layers);
        problems = List.copyOf(problems);
    }

    public Optional<StaticMetrics> of(ModelRef model, int batch) {
        return Optional.ofNullable(metrics.get(new Key(model, batch)));
    }

    public Optional<LayerMacs> layers(String model) {
        return layers.stream().filter(l -> l.model().equals(model)).findFirst();
    }

    /** This file with {@code other}'s entries added (its entries win). */
    public ModelMetricsFile with(ModelMetricsFile other) {
        Map<Key, StaticMetrics> m = new LinkedHashMap<>(metrics);
        m.putAll(other.metrics);
        List<LayerMacs> l = new ArrayList<>(other.layers);
        layers.stream().filter(x -> other.layers(x.model()).isEmpty()).forEach(l::add);
        List<String> p = new ArrayList<>(problems);
        other.problems.stream().filter(x -> !p.contains(x)).forEach(p::add);
        return new ModelMetricsFile(m, l, p);
    }

    public String toJson() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", VERSION);
        ArrayNode models = root.putArray("models");
        metrics.entrySet().stream()
                .sorted(
                        Map.Entry.comparingByKey(
                                Comparator.comparing((Key k) -> k.model().model())
                                        .thenComparing(k -> k.model().input())
                                        .thenComparingInt(Key::batch)))
                .forEach(
                        e -> {
                            ObjectNode n = models.addObject();
                            StaticMetrics s = e.getValue();
                            n.put("model", e.getKey().model().model());
                            n.put("input", e.getKey().model().input());
                            n.put("batch", e.getKey().batch());
                            n.put("macs_per_sample", s.macsPerSample());
                            n.put("params", s.params());
                            s.activationsPerSample()
                                    .ifPresent(a -> n.put("activations_per_sample", a));
                            n.put("input_bytes_per_sample", s.inputBytesPerSample());
                            s.peakActivationBytes()
                                    .ifPresent(a -> n.put("peak_activation_bytes", a));
                            // the label for people reading the file; the split is what is read
                            n.put("dtype", s.dtype().label());
                            ObjectNode split = n.putObject("dtype_macs_per_sample");
                            s.dtype().macs().forEach(split::put);
                            n.put("dtype_partial", s.dtype().partial());
                            n.put("caveat", s.caveat());
                        });
        ArrayNode charts = root.putArray("layers");
        for (LayerMacs l : layers) {
            ObjectNode n = charts.addObject();
            n.put("model", l.model());
            n.put("batch", l.batch());
            ArrayNode rows = n.putArray("layers");
            l.layers()
                    .forEach(
                            x ->
                                    rows.addObject()
                                            .put("name", x.name())
                                            .put("kind", x.kind())
                                            .put("macs", x.macs()));
        }
        ArrayNode p = root.putArray("problems");
        problems.forEach(p::add);
        try {
            return json.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @throws OtherVersion when an effbench with another layout wrote it
     * @throws IOException naming the file when it is not such a file
     */
    public static ModelMetricsFile read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.path("models").isArray()) {
            throw new IOException(file + " has no \"models\" list");
        }
        int version = root.path("version").asInt(1); // version 1 had no version field
        if (version != VERSION) {
            throw new OtherVersion(file, version);
        }
        Map<Key, StaticMetrics> metrics = new LinkedHashMap<>();
        for (JsonNode n : root.path("models")) {
            metrics.put(
                    new Key(
                            new ModelRef(n.path("model").asText(), n.path("input").asText("")),
                            n.path("batch").asInt()),
                    new StaticMetrics(
                            n.path("macs_per_sample").asLong(),
                            n.path("params").asLong(),
                            optional(n, "activations_per_sample"),
                            n.path("input_bytes_per_sample").asLong(),
                            optional(n, "peak_activation_bytes"),
                            dtype(n),
                            n.path("caveat").asText("")));
        }
        List<LayerMacs> layers = new ArrayList<>();
        for (JsonNode n : root.path("layers")) {
            List<LayerMacs.Layer> rows = new ArrayList<>();
            n.path("layers")
                    .forEach(
                            x ->
                                    rows.add(
                                            new LayerMacs.Layer(
                                                    x.path("name").asText(),
                                                    x.path("kind").asText(""),
                                                    x.path("macs").asLong())));
            layers.add(new LayerMacs(n.path("model").asText(), n.path("batch").asLong(), rows));
        }
        List<String> problems = new ArrayList<>();
        root.path("problems").forEach(x -> problems.add(x.asText()));
        return new ModelMetricsFile(metrics, layers, problems);
    }

    private static ComputeDtype dtype(JsonNode n) {
        Map<String, Long> split = new LinkedHashMap<>();
        n.path("dtype_macs_per_sample")
                .fields()
                .forEachRemaining(e -> split.put(e.getKey(), e.getValue().asLong()));
        return new ComputeDtype(split, n.path("dtype_partial").asBoolean(false));
    }

    private static OptionalLong optional(JsonNode n, String field) {
        return n.hasNonNull(field) ? OptionalLong.of(n.get(field).asLong()) : OptionalLong.empty();
    }
}
