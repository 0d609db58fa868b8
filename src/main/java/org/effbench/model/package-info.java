/**
 * The model zoo: models selectable by name ({@link org.effbench.model.ZooModel}), their inputs
 * ({@link org.effbench.model.InputSpec}) and a model made ready for inference with seeded weights
 * ({@link org.effbench.model.LoadedModel}).
 */
package org.effbench.model;
