package org.effbench.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;
import org.effbench.base.Checks;

/**
 * The PyTorch engine, started offline (native libraries from the jars on the classpath, nothing
 * downloaded) with a fixed number of intra-op threads.
 *
 * <p>libtorch's intra-op thread count is process-wide and each new thread copies it on its first
 * parallel operation, so it is chosen once per JVM, before any tensor work: one configuration per
 * fork.
 */
public final class TorchEngine {

    public static final String NAME = "PyTorch";

    /**
     * DJL's switch for libtorch's TorchScript graph optimizer (on by default; {@code false} turns
     * it off for each thread that runs a file model).
     */
    public static final String GRAPH_OPTIMIZER_PROPERTY = "ai.djl.pytorch.graph_optimizer";

    private static int startedThreads;

    private TorchEngine() {}

    /**
     * Starts the engine with {@code intraOpThreads} threads, or returns it if this JVM already
     * started it with the same count.
     *
     * @throws IllegalArgumentException if {@code intraOpThreads < 1}
     * @throws IllegalStateException if this JVM already runs libtorch with another thread count
     */
    public static Engine start(int intraOpThreads) {
        return start(intraOpThreads, 0);
    }

    /**
     * As {@link #start(int)}, with {@code interOpThreads} inter-op threads (0: libtorch's default);
     * like the intra-op count it is process-wide and fixed once work has started.
     */
    public static synchronized Engine start(int intraOpThreads, int interOpThreads) {
        Checks.atLeast("inter-op threads", interOpThreads, 0);
        Checks.atLeast("intra-op threads", intraOpThreads, 1);
        if (startedThreads != 0 && startedThreads != intraOpThreads) {
            throw new IllegalStateException(
                    "libtorch already runs with "
                            + startedThreads
                            + " intra-op threads in this JVM, asked for "
                            + intraOpThreads
                            + ": thread counts are process-wide, run each in its own fork");
        }
        ForkCheck.verifyPreloaded();
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.default_engine", NAME);
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(intraOpThreads));
        if (interOpThreads > 0 && startedThreads == 0) {
            System.setProperty(
                    "ai.djl.pytorch.num_interop_threads", Integer.toString(interOpThreads));
        }
        Engine engine = Engine.getEngine(NAME);
        if (startedThreads == 0) {
            // The property takes effect only when DJL loads the engine; an engine loaded earlier
            // in this JVM by other code is brought to the same count here.
            JniUtils.setNumThreads(intraOpThreads);
            startedThreads = intraOpThreads;
        }
        return engine;
    }

    /** The intra-op thread count libtorch uses for work started from the calling thread. */
    public static int threadsOfCallingThread() {
        return JniUtils.getNumThreads();
    }

    /** libtorch's process-wide inter-op thread count. */
    public static int interOpThreads() {
        return JniUtils.getNumInteropThreads();
    }

    /** Runs {@code draw} with libtorch's process-wide generator seeded, without interleaving. */
    public static synchronized <T> T seeded(long seed, Supplier<T> draw) {
        Engine.getEngine(NAME).setRandomSeed((int) seed);
        return draw.get();
    }

    public static String libtorchVersion() {
        return Engine.getEngine(NAME).getVersion();
    }

    public static String djlVersion() {
        return Engine.getDjlVersion();
    }
}
