package org.effbench.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.function.Function;

/**
 * Frees a forward pass's intermediate tensors as soon as nothing needs them, instead of when the
 * invocation's scope closes. DJL keeps every output until its manager closes, so a pass would
 * otherwise hold all its activations at once (for ResNet-50 about 13x the live set) and touch fresh
 * memory for each of them; freed early, the allocator reuses the same pages within the pass.
 * Closing a handle is safe even when a view of it lives on: libtorch counts references to the
 * storage.
 *
 * <p>On by default; {@code -Deffbench.freeIntermediates=false} keeps DJL's behaviour, to measure
 * the difference.
 */
public final class Intermediates {

    /** Whether intermediates are freed early in this JVM. */
    public static final boolean FREE =
            Boolean.parseBoolean(System.getProperty("effbench.freeIntermediates", "true"));

    private Intermediates() {}

    /**
     * Closes every array of {@code done} that is not also in {@code kept} (in-place ops return
     * their input).
     */
    public static void closeUnlessKept(NDList done, NDList kept) {
        if (!FREE) {
            return;
        }
        for (NDArray array : done) {
            if (kept.stream().noneMatch(k -> k == array)) {
                array.close();
            }
        }
    }

    /** Closes {@code array} unless intermediates are kept. */
    public static void close(NDArray array) {
        if (FREE) {
            array.close();
        }
    }

    /**
     * Runs {@code work} so that everything it creates except its result is freed when it returns;
     * the inputs go back to their manager untouched.
     */
    public static NDList keepOnlyResult(NDList inputs, Function<NDList, NDList> work) {
        if (!FREE) {
            return work.apply(inputs);
        }
        NDManager owner = inputs.head().getManager();
        try (NDManager inner = owner.newSubManager()) {
            inputs.tempAttach(inner);
            NDList result = work.apply(inputs);
            result.attach(owner);
            return result;
        }
    }
}
