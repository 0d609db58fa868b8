package org.effbench.serve;

/** Runs load points: on real worker threads ({@link Workers}) or simulated ({@link Simulation}). */
public interface Driver {

    /** Runs {@code plan} to its end (or its early stop) and returns what it measured. */
    PointResult run(PointPlan plan);

    /** How many workers serve the queue. */
    int workers();
}
