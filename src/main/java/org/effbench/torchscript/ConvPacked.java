package org.effbench.torchscript;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.effbench.counting.OpRules;
import org.effbench.counting.Value.Tensor;
import org.effbench.torchscript.TorchScriptArchive.StoredTensor;

/**
 * A quantized convolution's packed weights as {@code ConvPackedParamsBase.__getstate__} stores them
 * (libtorch's conv_serialization.h, format 3): {@code (3, config, [weight, bias])} with config =
 * spatial dims, then stride, padding, dilation and output padding per dim, groups, flags (bit 0:
 * transposed).
 */
final class ConvPacked {

    private ConvPacked() {}

    static Optional<OpRules.Packed> of(List<?> state) {
        if (state.size() < 3
                || !(state.get(0) instanceof Number version)
                || version.intValue() != 3
                || !(state.get(1) instanceof List<?> config)
                || !(state.get(2) instanceof List<?> tensors)
                || tensors.isEmpty()
                || !(tensors.get(0) instanceof StoredTensor w)) {
            return Optional.empty();
        }
        List<Long> c = new ArrayList<>();
        for (Object v : config) {
            c.add(((Number) v).longValue());
        }
        int n = c.get(0).intValue();
        if (c.size() < 1 + 4 * n + 2) {
            return Optional.empty();
        }
        Tensor bias =
                tensors.size() > 1 && tensors.get(1) instanceof StoredTensor b
                        ? new Tensor(b.shape(), b.dtype())
                        : null;
        return Optional.of(
                new OpRules.Packed(
                        "conv",
                        new Tensor(w.shape(), w.dtype()),
                        bias,
                        c.subList(1, 1 + n),
                        c.subList(1 + n, 1 + 2 * n),
                        c.subList(1 + 3 * n, 1 + 4 * n),
                        c.subList(1 + 2 * n, 1 + 3 * n),
                        c.get(1 + 4 * n),
                        (c.get(2 + 4 * n) & 1) == 1));
    }
}
