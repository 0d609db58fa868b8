package org.effbench.serve;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.effbench.engine.TorchEngine;
import org.effbench.model.ForwardModel;
import org.effbench.model.TorchScriptModel;

/**
 * A model's forward pass as the service: the loaded model is shared (its weights are read-only, as
 * for the benchmark's concurrent callers), each worker owns its manager and one input per batch
 * size the batcher can form, made and warmed up on its own thread. A batch of n requests is one
 * pass at batch size n, in its own scope.
 */
public final class ModelService implements Service {

    /** Warm-up passes per batch size per worker (a new shape is optimised on its first passes). */
    public static final int WARMUP_PASSES = 3;

    private final ForwardModel model;
    private final int maxBatch;
    private final int intraOpThreads;
    private final NDManager[] managers;
    private final NDList[][] inputs;
    private final float[] sink;

    public ModelService(ForwardModel model, int workers, int maxBatch, int intraOpThreads) {
        this.model = model;
        this.maxBatch = maxBatch;
        this.intraOpThreads = intraOpThreads;
        this.managers = new NDManager[workers];
        this.inputs = new NDList[workers][maxBatch + 1];
        this.sink = new float[workers];
    }

    @Override
    public void prepare(int worker) {
        int threads = TorchEngine.threadsOfCallingThread();
        if (threads != intraOpThreads) {
            throw new IllegalStateException(
                    "worker "
                            + worker
                            + " runs libtorch with "
                            + threads
                            + " threads, configured "
                            + intraOpThreads);
        }
        managers[worker] = NDManager.newBaseManager(TorchEngine.NAME);
        for (int b = 1; b <= maxBatch; b++) {
            try {
                inputs[worker][b] = model.newInput(managers[worker], b, 1000L + worker);
            } catch (EngineException e) {
                throw failure(b, e);
            }
            for (int i = 0; i < WARMUP_PASSES; i++) {
                serve(worker, b);
            }
        }
    }

    @Override
    public void serve(int worker, int size) {
        try {
            // the value read back makes the pass observable; summing it keeps it live
            sink[worker] += model.inferInScope(managers[worker], inputs[worker][size]);
        } catch (EngineException e) {
            throw failure(size, e);
        }
    }

    /** A failure of the model in one line naming it, with libtorch's reason. */
    private IllegalStateException failure(int batch, EngineException e) {
        return new IllegalStateException(
                "model "
                        + model.id()
                        + " failed at batch "
                        + batch
                        + ": "
                        + TorchScriptModel.reason(e),
                e);
    }

    @Override
    public void close() {
        for (NDManager m : managers) {
            if (m != null) {
                m.close();
            }
        }
    }
}
