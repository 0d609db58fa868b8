package org.effbench.operators;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one operator call costs, from its input shapes alone, in the fvcore manner: a rule per
 * operator kind for the multiply-accumulate work (matrix products, convolutions, attention), an
 * operations-per-element convention for element-wise kinds, and a set of kinds that move or view
 * memory and cost nothing. A kind in none of them is not understood and is reported as such.
 */
public final class OperatorCounter {

    /** How an operator is counted. */
    public enum Kind { MATRIX, ELEMENTWISE, FREE, UNKNOWN }

    /**
     * A count. {@code estimate} is set when the shapes did not determine it (a convolution whose
     * output size had to be inferred, a pooling window that is not in the trace).
     */
    public record Count(long macs, long elementwiseOps, boolean estimate) {
        static final Count ZERO = new Count(0, 0, false);
    }

    private static final Set<String> CONVOLUTIONS = Set.of("conv1d", "conv2d", "conv3d", "convolution", "_convolution",
            "mkldnn_convolution", "_mkldnn_convolution", "_convolution_mode", "thnn_conv2d", "_slow_conv2d_forward",
            "_nnpack_spatial_convolution");
    private static final Set<String> TRANSPOSED = Set.of("conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
            "slow_conv_transpose2d", "slow_conv_transpose3d");
    private static final Set<String> MATRIX = Set.of("linear", "addmm", "mm", "bmm", "baddbmm", "addbmm", "matmul",
            "mv", "addmv", "dot", "vdot", "scaled_dot_product_attention", "_scaled_dot_product_flash_attention_for_cpu",
            "_scaled_dot_product_attention_math", "mkldnn_linear", "_addmm_activation");
    /** One recurrent layer over a whole sequence (libtorch's CPU LSTM): input, input and hidden weights first. */
    private static final Set<String> RECURRENT = Set.of("mkldnn_rnn_layer");

    /** Operations per element of the first input; conventions as in the static profile. */
    private static final java.util.Map<String, Integer> ELEMENTWISE = java.util.Map.ofEntries(
            java.util.Map.entry("add", 1), java.util.Map.entry("add_", 1), java.util.Map.entry("sub", 1),
            java.util.Map.entry("rsub", 1), java.util.Map.entry("mul", 1), java.util.Map.entry("mul_", 1),
            java.util.Map.entry("div", 1), java.util.Map.entry("div_", 1), java.util.Map.entry("relu", 1),
            java.util.Map.entry("relu_", 1), java.util.Map.entry("relu6", 1), java.util.Map.entry("hardtanh", 1),
            java.util.Map.entry("hardtanh_", 1), java.util.Map.entry("gelu", 1), java.util.Map.entry("tanh", 1),
            java.util.Map.entry("tanh_", 1), java.util.Map.entry("sigmoid", 1), java.util.Map.entry("sigmoid_", 1),
            java.util.Map.entry("silu", 1), java.util.Map.entry("clamp", 1), java.util.Map.entry("clamp_min", 1),
            java.util.Map.entry("softmax", 3), java.util.Map.entry("_softmax", 3), java.util.Map.entry("log_softmax", 3),
            java.util.Map.entry("layer_norm", 5), java.util.Map.entry("native_layer_norm", 5),
            java.util.Map.entry("batch_norm", 2), java.util.Map.entry("_batch_norm_impl_index", 2),
            java.util.Map.entry("native_batch_norm", 2), java.util.Map.entry("_native_batch_norm_legit_no_training", 2),
            java.util.Map.entry("mean", 1), java.util.Map.entry("sum", 1), java.util.Map.entry("max", 1),
            java.util.Map.entry("maximum", 1), java.util.Map.entry("min", 1), java.util.Map.entry("minimum", 1),
            java.util.Map.entry("pow", 1), java.util.Map.entry("floor_divide", 1), java.util.Map.entry("sqrt", 1),
            java.util.Map.entry("rsqrt", 1), java.util.Map.entry("exp", 1), java.util.Map.entry("neg", 1),
            java.util.Map.entry("max_pool2d", 1), java.util.Map.entry("max_pool2d_with_indices", 1),
            java.util.Map.entry("avg_pool2d", 1), java.util.Map.entry("adaptive_avg_pool2d", 1),
            java.util.Map.entry("_adaptive_avg_pool2d", 1), java.util.Map.entry("mkldnn_max_pool2d", 1),
            java.util.Map.entry("mkldnn_adaptive_avg_pool2d", 1), java.util.Map.entry("quantize_per_tensor", 1),
            java.util.Map.entry("quantize_per_tensor_dynamic", 1), java.util.Map.entry("dequantize", 1));
    private static final Set<String> POOLING = Set.of("max_pool2d", "max_pool2d_with_indices", "avg_pool2d",
            "mkldnn_max_pool2d");

    /** Views, copies, allocation, indexing: memory traffic, no arithmetic. */
    private static final Set<String> FREE = Set.of("empty", "empty_like", "empty_strided", "zeros", "zeros_like",
            "ones", "ones_like", "full", "full_like", "new_empty", "new_zeros", "new_empty_strided", "fill_", "zero_",
            "view", "reshape", "_reshape_alias", "_unsafe_view", "permute", "transpose", "transpose_", "t", "numpy_T",
            "contiguous", "clone", "copy_", "to", "_to_copy", "detach", "detach_", "alias", "lift_fresh", "select",
            "slice", "narrow", "expand", "expand_as", "as_strided", "unsqueeze", "unsqueeze_", "squeeze", "squeeze_",
            "flatten", "unflatten", "cat", "_cat", "stack", "split", "split_with_sizes", "unsafe_split", "chunk",
            "unbind", "embedding", "index_select", "index", "gather", "dropout", "feature_dropout", "resize_",
            "set_", "item", "_local_scalar_dense", "result_type", "constant_pad_nd", "pad", "repeat", "masked_fill",
            "masked_fill_", "where", "arange", "is_nonzero", "size", "stride", "_has_compatible_shallow_copy_type",
            "_nnpack_available", "contiguous_", "resolve_conj", "resolve_neg", "_pack_padded_sequence",
            "_unsafe_index", "broadcast_tensors", "align_tensors", "cumsum", "ne", "eq", "lt", "gt", "type_as",
            "to_dense", "to_mkldnn", "cudnn_is_acceptable", "Int", "ScalarImplicit", "NumToTensor", "scalar_tensor", "_use_cudnn_rnn_flatten_weight", "is_same_size", "mkldnn_reorder_conv2d_weight", "_mkldnn_reshape", "_mkldnn_transpose",
            "q_scale", "q_zero_point", "qscheme", "q_per_channel_scales", "q_per_channel_zero_points", "int_repr",
            "_empty_affine_quantized", "_empty_per_channel_affine_quantized");

    private OperatorCounter() {}

    /**
     * An aten operator's name without its namespace: {@code aten::addmm} is {@code addmm}. Other
     * namespaces keep theirs ({@code quantized::linear}): their arguments differ (packed weights the
     * trace shows no shape of), so aten's rules do not apply to them.
     */
    public static String kindName(String operator) {
        return operator.startsWith("aten::") ? operator.substring("aten::".length()) : operator;
    }

    public static Kind kind(String operator) {
        String k = kindName(operator);
        if (CONVOLUTIONS.contains(k) || TRANSPOSED.contains(k) || MATRIX.contains(k) || RECURRENT.contains(k)) {
            return Kind.MATRIX;
        }
        if (ELEMENTWISE.containsKey(k)) {
            return Kind.ELEMENTWISE;
        }
        return FREE.contains(k) ? Kind.FREE : Kind.UNKNOWN;
    }

    /**
     * MACs of a matrix, convolution or attention call.
     *
     * @param convolutionOutput the spatial output size of a convolution if the trace shows it
     *     (the next operator's input); without it the output is taken as the input's size and the
     *     count is an estimate
     */
    public static Count matrix(OpEvent op, Optional<List<Long>> convolutionOutput) {
        String k = kindName(op.name());
        List<Long> a = op.input(0);
        List<Long> b = op.input(1);
        if (CONVOLUTIONS.contains(k)) {
            return convolution(a, b, convolutionOutput);
        }
        if (RECURRENT.contains(k)) {
            // every step of every sequence multiplies the input by W_ih and the state by W_hh (all gates)
            List<Long> wh = op.input(2);
            if (a.isEmpty() || b.size() != 2 || wh.size() != 2) {
                return unknownShapes();
            }
            return exact(product(a) / last(a) * (b.get(0) * b.get(1) + wh.get(0) * wh.get(1)));
        }
        if (TRANSPOSED.contains(k)) {
            // each input element is scattered through the kernel to every output channel of its group
            if (a.size() < 3 || b.size() != a.size()) {
                return unknownShapes();
            }
            long outPerGroup = b.get(1);
            return new Count(product(a) * outPerGroup * product(b.subList(2, b.size())), 0, false);
        }
        return switch (k) {
            case "linear", "mkldnn_linear" -> b.size() == 2 && !a.isEmpty()
                    ? exact(product(a) * b.get(0)) : unknownShapes(); // rows x in x out
            case "addmm", "_addmm_activation", "baddbmm", "addbmm", "addmv" -> product2(op.input(1), op.input(2));
            case "scaled_dot_product_attention", "_scaled_dot_product_flash_attention_for_cpu",
                    "_scaled_dot_product_attention_math" -> attention(a, b, op.input(2));
            default -> product2(a, b); // mm, bmm, matmul, mv, dot, vdot
        };
    }

    /** Element-wise operations of a call, by the per-element convention. */
    public static Count elementwise(OpEvent op) {
        String k = kindName(op.name());
        Integer perElement = ELEMENTWISE.get(k);
        if (perElement == null || op.input(0).isEmpty()) {
            return Count.ZERO;
        }
        // pooling windows are arguments, not shapes: one operation per input element stands in
        return new Count(0, perElement * product(op.input(0)), POOLING.contains(k));
    }

    /** MACs of a matrix product of a and b with NumPy broadcasting of leading dimensions. */
    static Count product2(List<Long> a, List<Long> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return unknownShapes();
        }
        if (a.size() == 1 && b.size() == 1) {
            return exact(a.get(0));
        }
        long k = last(a);
        long m = a.size() >= 2 ? a.get(a.size() - 2) : 1;
        long n = b.size() >= 2 ? last(b) : 1;
        List<Long> batchA = a.size() > 2 ? a.subList(0, a.size() - 2) : List.of();
        List<Long> batchB = b.size() > 2 ? b.subList(0, b.size() - 2) : List.of();
        long batch = 1;
        for (int i = 0; i < Math.max(batchA.size(), batchB.size()); i++) {
            long da = i < batchA.size() ? batchA.get(batchA.size() - 1 - i) : 1;
            long db = i < batchB.size() ? batchB.get(batchB.size() - 1 - i) : 1;
            batch *= Math.max(da, db);
        }
        return exact(batch * m * k * n);
    }

    private static Count convolution(List<Long> input, List<Long> weight, Optional<List<Long>> output) {
        if (input.size() < 3 || weight.size() != input.size()) {
            return unknownShapes();
        }
        long batch = input.get(0);
        long perOutput = product(weight.subList(1, weight.size())); // C/g x kernel
        List<Long> spatial = output.orElse(input.subList(2, input.size()));
        return new Count(batch * weight.get(0) * product(spatial) * perOutput, 0, output.isEmpty());
    }

    private static Count attention(List<Long> q, List<Long> k, List<Long> v) {
        if (q.size() < 2 || k.size() != q.size() || v.size() != q.size()) {
            return unknownShapes();
        }
        long lead = product(q.subList(0, q.size() - 2));
        long l = q.get(q.size() - 2);
        long s = k.get(k.size() - 2);
        return exact(lead * l * s * last(q) + lead * l * s * last(v)); // QK^T, then weights x V
    }

    private static Count exact(long macs) {
        return new Count(macs, 0, false);
    }

    /** A matrix kind whose tensors the trace did not show: zero, flagged as an estimate. */
    private static Count unknownShapes() {
        return new Count(0, 0, true);
    }

    private static long last(List<Long> dims) {
        return dims.get(dims.size() - 1);
    }

    static long product(List<Long> dims) {
        long p = 1;
        for (long d : dims) {
            p *= d;
        }
        return p;
    }
}
