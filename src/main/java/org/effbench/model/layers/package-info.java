/**
 * Layer blocks whose kind and settings can be read back, and blocks that keep a pass's memory low.
 *
 * <p>DJL builds pooling, activations and residual joins as anonymous {@code LambdaBlock}s; a
 * counter walking the block tree cannot tell those apart. Every layer the zoo builds is either a
 * DJL block with readable settings (convolution, linear, normalisation, dropout, recurrent) or one
 * of the blocks here. {@link org.effbench.model.layers.EagerSequentialBlock} and the composite
 * blocks free each intermediate output once it is consumed ({@code engine.Intermediates}); max
 * pooling runs, where it can, as separable element-wise maxima: libtorch's result bit for bit, but
 * vectorised.
 */
package org.effbench.model.layers;
