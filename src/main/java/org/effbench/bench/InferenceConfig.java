package org.effbench.bench;

import static org.effbench.bench.BenchParam.BATCH_SIZE;
import static org.effbench.bench.BenchParam.INPUT;
import static org.effbench.bench.BenchParam.INTER_OP_THREADS;
import static org.effbench.bench.BenchParam.INTRA_OP_THREADS;
import static org.effbench.bench.BenchParam.MODEL;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.effbench.model.ModelRef;

/**
 * The parameters of one {@link InferenceBenchmark} configuration, checked: what a sweep runs, what
 * the harness receives and what the post-processor reads back, in one typed value. Concurrent
 * callers are JMH's threads ({@code -t}), not a parameter.
 *
 * @param interOpThreads 0 keeps libtorch's default
 */
public record InferenceConfig(
        ModelRef model, int batchSize, int intraOpThreads, int interOpThreads) {

    public InferenceConfig {
        Objects.requireNonNull(model, "model");
        BATCH_SIZE.check(batchSize);
        INTRA_OP_THREADS.check(intraOpThreads);
        INTER_OP_THREADS.check(interOpThreads);
    }

    /** The JMH parameters, in declaration order; {@code input} only for a file model. */
    public Map<String, String> jmhParams() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(MODEL.jmhName(), model.model());
        if (model.isFile()) {
            params.put(INPUT.jmhName(), model.input());
        }
        params.put(BATCH_SIZE.jmhName(), Integer.toString(batchSize));
        params.put(INTRA_OP_THREADS.jmhName(), Integer.toString(intraOpThreads));
        params.put(INTER_OP_THREADS.jmhName(), Integer.toString(interOpThreads));
        return params;
    }

    /**
     * Back from JMH's parameters (a result file's {@code params}); absent numbers take the
     * benchmark's defaults, a file model's input is not checked against the file (it may be gone).
     *
     * @throws IllegalArgumentException when the model is missing or a number is out of range
     */
    public static InferenceConfig fromJmh(Map<String, String> params) {
        String model = params.get(MODEL.jmhName());
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("no " + MODEL.jmhName() + " parameter");
        }
        return new InferenceConfig(
                new ModelRef(model.strip(), params.getOrDefault(INPUT.jmhName(), "")),
                number(params, BATCH_SIZE, 1),
                number(params, INTRA_OP_THREADS, 1),
                number(params, INTER_OP_THREADS, 0));
    }

    /**
     * Whether JMH parameters describe a model configuration (effbench's, or a peer's written in its
     * names).
     */
    public static boolean describedBy(Map<String, String> params) {
        return params.containsKey(MODEL.jmhName()) && params.containsKey(BATCH_SIZE.jmhName());
    }

    private static int number(Map<String, String> params, BenchParam p, int absent) {
        String v = params.get(p.jmhName());
        return v == null ? absent : p.parse(v);
    }
}
