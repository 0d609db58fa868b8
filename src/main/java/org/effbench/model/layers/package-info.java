/**
 * Layer blocks whose kind and settings can be read back.
 *
 * <p>DJL builds pooling, activations and residual joins as anonymous {@code LambdaBlock}s; a
 * counter walking the block tree cannot tell those apart. Every layer the zoo builds is either a
 * DJL block with readable settings (convolution, linear, normalisation, dropout, recurrent) or one
 * of the blocks here.
 */
package org.effbench.model.layers;
