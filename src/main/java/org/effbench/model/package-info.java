/**
 * The models a run can measure, behind one {@link org.effbench.model.ForwardModel}: the zoo ({@link
 * org.effbench.model.ZooModel}, selected by name with options as a {@link
 * org.effbench.model.ModelSpec}, made ready for inference with seeded weights as a {@link
 * org.effbench.model.LoadedModel}) and a user's TorchScript file loaded from local disk ({@link
 * org.effbench.model.TorchScriptModel}). {@link org.effbench.model.ModelRef} is a model as a run
 * names it (the harness's {@code model} and {@code input} parameters) and {@link
 * org.effbench.model.InputSpec} what one sample looks like. The architectures are in {@code
 * model.arch}, their readable layers in {@code model.layers}.
 */
package org.effbench.model;
