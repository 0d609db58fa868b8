package org.effbench.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Function;

/**
 * Runs one piece of tensor work in a scope of its own that is closed when it returns.
 *
 * <p>An operation's output belongs to its first input's manager. Inputs held by benchmark state
 * live on a long-lived manager, so without a scope every output and intermediate of every call
 * would stay there until the trial ends (memory grows to gigabytes and each call pays for fresh
 * pages). Here the inputs are attached to the scope for the call only and go back to their owner
 * afterwards, and everything the call made is freed with the scope.
 */
public final class InvocationScope {

    private InvocationScope() {}

    /**
     * @param owner the manager the inputs live on; the scope is its child
     * @param inputs arrays the work reads; returned to their manager afterwards
     * @param work the call; what it returns must not be a native array (it is freed)
     */
    public static <T> T run(NDManager owner, NDList inputs, Function<NDList, T> work) {
        try (NDManager scope = owner.newSubManager()) {
            inputs.tempAttach(scope);
            return work.apply(inputs);
        }
    }

    /**
     * The first value of a float array, read from its native memory: returning it from a call makes
     * the computation observable, so it cannot be skipped, and is cheaper than a copy.
     */
    public static float firstFloat(NDArray array) {
        ByteBuffer data = array.toByteBuffer(true).order(ByteOrder.nativeOrder());
        return data.getFloat(0);
    }
}
