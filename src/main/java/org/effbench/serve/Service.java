package org.effbench.serve;

/**
 * What the workers serve: a model's forward pass on a batch, or a synthetic service. Each worker
 * calls it from its own thread only, with its own state.
 */
public interface Service extends AutoCloseable {

    /**
     * Makes worker {@code worker}'s state and warms it up, on that worker's thread, before any
     * point runs.
     */
    void prepare(int worker);

    /** Serves one batch of {@code size} requests on {@code worker}; returns once it is done. */
    void serve(int worker, int size);

    /** Frees every worker's state. */
    @Override
    void close();
}
