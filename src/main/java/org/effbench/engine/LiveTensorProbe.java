package org.effbench.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Measures the activation memory a pass really holds: while active on a thread, every layer
 * boundary (see {@link #observe()}) sums the bytes of the tensors still alive in the pass's scope
 * and keeps the largest sum. Tensors libtorch allocates and frees inside one operator (workspace,
 * layout reorders) are not visible at a boundary and are not included.
 */
public final class LiveTensorProbe {

    private static final ThreadLocal<LiveTensorProbe> ACTIVE = new ThreadLocal<>();

    private final NDManager scope;
    private long peak;

    private LiveTensorProbe(NDManager scope) {
        this.scope = scope;
    }

    /**
     * Runs {@code pass} in {@code scope} and returns the largest live bytes seen at its layer
     * boundaries.
     */
    public static long measure(NDManager scope, Runnable pass) {
        LiveTensorProbe probe = new LiveTensorProbe(scope);
        ACTIVE.set(probe);
        try {
            probe.sample();
            pass.run();
            probe.sample();
        } finally {
            ACTIVE.remove();
        }
        return probe.peak;
    }

    /** A layer boundary: cheap when no probe is active on this thread. */
    public static void observe() {
        LiveTensorProbe probe = ACTIVE.get();
        if (probe != null) {
            probe.sample();
        }
    }

    private void sample() {
        long live = 0;
        for (NDArray array : scope.getManagedArrays()) {
            if (!array.isReleased()) {
                live += array.getShape().size() * array.getDataType().getNumOfBytes();
            }
        }
        peak = Math.max(peak, live);
    }
}
