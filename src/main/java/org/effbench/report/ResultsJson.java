package org.effbench.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The rows of {@code results.csv} as JSON, for tools that do not read CSV: {@code schema} (each
 * column's name, unit and derivation, in {@link Column}'s order), {@code rows} (one object per CSV
 * row, every column present, null where the CSV cell is empty, numbers as the CSV writes them),
 * {@code machine} (machine.json) and {@code run} (run.json), null when the run folder has none.
 */
public final class ResultsJson {

    public static final String FILE = "results.json";

    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private ResultsJson() {}

    /**
     * @param machine the text of machine.json, if any
     * @param run the text of run.json, if any
     */
    public static String write(
            List<DerivedRow> rows, Optional<String> machine, Optional<String> run) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode schema = root.putArray("schema");
        for (Column c : Column.values()) {
            schema.addObject()
                    .put("name", c.header())
                    .put("unit", c.unit())
                    .put("derivation", c.derivation());
        }
        ArrayNode out = root.putArray("rows");
        for (DerivedRow row : rows) {
            ObjectNode o = out.addObject();
            for (Column c : Column.values()) {
                Optional<Object> value = row.get(c);
                if (value.isEmpty()) {
                    o.putNull(c.header());
                } else if (value.get() instanceof Number) {
                    o.put(c.header(), new BigDecimal(ResultsCsv.format(value.get())));
                } else {
                    o.put(c.header(), value.get().toString());
                }
            }
        }
        root.set("machine", embedded(machine));
        root.set("run", embedded(run));
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file's JSON as a value; a file that is not JSON is kept as its text. */
    private static JsonNode embedded(Optional<String> text) {
        if (text.isEmpty()) {
            return NullNode.getInstance();
        }
        try {
            return MAPPER.readTree(text.get());
        } catch (JsonProcessingException e) {
            return MAPPER.getNodeFactory().textNode(text.get());
        }
    }
}
