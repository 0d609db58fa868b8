/**
 * Peak memory measured by running a real forward pass, beside the computed peak of {@code metrics}:
 * {@link org.effbench.memory.MeasuredPeak} (a zoo model's live tensors at layer boundaries and
 * libtorch's allocations during the pass, as a {@link org.effbench.metrics.MeasuredMemory}) and
 * {@link org.effbench.memory.ResidentPeak} (the process's resident high-water mark over a pass, for
 * any model, TorchScript files included; only under the {@code glibc-returning} allocator). The
 * {@code profile} command uses both.
 */
package org.effbench.memory;
