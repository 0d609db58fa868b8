/**
 * Everything that touches libtorch's process-wide state or a pass's native memory: {@link
 * org.effbench.engine.TorchEngine} (the engine started offline with a chosen intra-op thread count,
 * once per JVM), {@link org.effbench.engine.InvocationScope} (each piece of tensor work in a scope
 * of its own, so native memory does not pile up), {@link org.effbench.engine.Intermediates} (a
 * pass's intermediate tensors freed as soon as nothing needs them), {@link
 * org.effbench.engine.LiveTensorProbe} (the live tensor bytes at layer boundaries, for the measured
 * peak), {@link org.effbench.engine.ForkCheck} (a fork fails if a library its launcher preloaded is
 * not mapped), and the few libtorch functions DJL's JNI lacks, called through JNA: {@link
 * org.effbench.engine.QuantizedEngine} (libtorch's process-wide int8 kernels) and {@link
 * org.effbench.engine.InPlace} (ReLU and clamp in place; {@link org.effbench.engine.Clamp} keeps
 * the out-of-place clamp's bounds).
 */
package org.effbench.engine;
