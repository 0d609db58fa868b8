package org.effbench.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * A model that runs forward passes on inputs it can make: a zoo model, or a user's TorchScript
 * file.
 */
public interface ForwardModel extends AutoCloseable {

    /** How the user named it: {@code resnet50}, {@code file:model.pt}. */
    String id();

    /** A random input batch on {@code owner} (never on the model's own manager). */
    NDList newInput(NDManager owner, int batch, long seed);

    /** One forward pass in its own scope; returns one value read from the output. */
    float inferInScope(NDManager owner, NDList inputs);

    @Override
    void close();
}
