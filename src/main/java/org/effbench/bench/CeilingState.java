package org.effbench.bench;

import ai.djl.ndarray.NDManager;
import org.effbench.engine.TorchEngine;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the ceiling benchmarks share: the engine at their thread count and a manager for their
 * operands.
 */
abstract class CeilingState {

    NDManager manager;

    /** Starts the engine with {@code intraOpThreads} and opens the operands' manager. */
    NDManager open(int intraOpThreads) {
        TorchEngine.start(intraOpThreads);
        manager = NDManager.newBaseManager(TorchEngine.NAME);
        return manager;
    }

    @TearDown(Level.Trial)
    public void close() {
        if (manager != null) {
            manager.close();
        }
    }
}
