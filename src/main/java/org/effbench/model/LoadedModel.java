package org.effbench.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Objects;
import org.effbench.base.Checks;
import org.effbench.engine.InvocationScope;
import org.effbench.engine.TorchEngine;

/**
 * A zoo model ready for inference: its block tree with fp32 weights drawn from a fixed seed, frozen
 * (no autograd graph is recorded), owning the native memory of its weights until closed.
 */
public final class LoadedModel implements ForwardModel {

    /** Seed of the weights: every run of the same model computes with the same numbers. */
    public static final long WEIGHT_SEED = 42;

    private final ModelSpec spec;
    private final NDManager manager;
    private final Block block;
    private final ParameterStore store;

    private LoadedModel(ModelSpec spec, NDManager manager, Block block) {
        this.spec = spec;
        this.manager = manager;
        this.block = block;
        this.store = new ParameterStore(manager, false);
    }

    /** Builds and initialises {@code spec}; the engine must have been started. */
    public static LoadedModel load(ModelSpec spec) {
        Objects.requireNonNull(spec, "spec");
        NDManager manager = NDManager.newBaseManager(TorchEngine.NAME);
        try {
            Block block = spec.model().build(spec);
            TorchEngine.seeded(
                    WEIGHT_SEED,
                    () -> {
                        block.initialize(manager, DataType.FLOAT32, spec.input().batchShape(1));
                        return block;
                    });
            block.freezeParameters(true);
            return new LoadedModel(spec, manager, block);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public String id() {
        return spec.toString();
    }

    public ModelSpec spec() {
        return spec;
    }

    public Block block() {
        return block;
    }

    /** The manager that owns the weights; outputs must never be created on it. */
    public NDManager manager() {
        return manager;
    }

    /** A random input batch on {@code owner} (not on the model's manager). */
    public NDList newInput(NDManager owner, int batch, long seed) {
        Checks.atLeast("batch size", batch, 1);
        InputSpec input = spec.input();
        return new NDList(TorchEngine.seeded(seed, () -> input.random(owner, batch)));
    }

    /** One forward pass; outputs belong to the inputs' manager. */
    public NDList forward(NDList inputs) {
        // A copy of the list: DJL's LSTM appends its zero initial state to the list it is given,
        // which would hand the next call a state freed with this call's scope.
        return block.forward(store, new NDList(inputs), false);
    }

    /**
     * One forward pass in its own scope: nothing it makes outlives the call. Returns the first
     * value of the first output, read from native memory so the pass cannot be skipped.
     */
    public float inferInScope(NDManager owner, NDList inputs) {
        return InvocationScope.run(
                owner, inputs, in -> InvocationScope.firstFloat(forward(in).head()));
    }

    /**
     * Elements of the trainable weight tensors, counted once from the root (torch's parameters()).
     */
    public long parameterCount() {
        return block.getParameters().values().stream()
                .filter(p -> !isBuffer(p))
                .mapToLong(p -> p.getArray().size())
                .sum();
    }

    /** Elements of non-trainable state: BatchNorm running statistics (torch's buffers()). */
    public long bufferCount() {
        return block.getParameters().values().stream()
                .filter(LoadedModel::isBuffer)
                .mapToLong(p -> p.getArray().size())
                .sum();
    }

    private static boolean isBuffer(Parameter p) {
        return p.getType() == Parameter.Type.RUNNING_MEAN
                || p.getType() == Parameter.Type.RUNNING_VAR;
    }

    @Override
    public void close() {
        manager.close();
    }
}
