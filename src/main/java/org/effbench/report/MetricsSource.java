package org.effbench.report;

import java.util.Optional;
import org.effbench.metrics.StaticMetrics;

/** Static metrics of a model at a batch size, as the post-processor looks them up. */
@FunctionalInterface
public interface MetricsSource {

    /**
     * @param model the harness's model parameter: a zoo model or {@code file:PATH}
     * @param input the harness's input parameter (a file model's input shapes), empty for a zoo
     *     model
     * @return empty when the model is unknown or cannot be loaded
     */
    Optional<StaticMetrics> of(String model, String input, int batch);
}
