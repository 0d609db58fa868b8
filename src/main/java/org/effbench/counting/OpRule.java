package org.effbench.counting;

import java.util.List;
import java.util.Map;

/**
 * How one operator is counted: its schema (argument names in order, with defaults), its cost and
 * its output.
 *
 * @param cost what kind of work it does
 * @param perElement element-wise operations per element of its first tensor (counted only when all
 *     operations are asked for)
 * @param macs the MAC rule of a {@link Cost#MATRIX} operator, else null
 * @param output the output rule: shapes (and values) from the arguments; null when only the count
 *     is known (the trace counter needs no output)
 * @param variadic accepts more positional arguments than its schema names
 */
public record OpRule(
        String name,
        List<String> params,
        Map<String, Object> defaults,
        Cost cost,
        int perElement,
        Macs macs,
        Output output,
        boolean variadic) {

    public OpRule {
        params = List.copyOf(params);
        defaults = Map.copyOf(defaults);
    }

    /** What an operator costs. */
    public enum Cost {
        /** Multiply-accumulates (matrix products, convolutions, attention, recurrent layers). */
        MATRIX,
        /** Operations per element, no MACs (activations, norms, adds, pooling). */
        ELEMENTWISE,
        /** No arithmetic: views, copies, allocation, indexing, shape queries. */
        FREE
    }

    /** The MACs of one call. */
    @FunctionalInterface
    public interface Macs {
        MacCount count(OpArgs args);
    }

    /**
     * The output of one call: a {@link Value.Tensor}, a list or tuple of them, or a plain value.
     *
     * @throws IllegalArgumentException when the arguments' shapes do not fit the operator
     */
    @FunctionalInterface
    public interface Output {
        Object of(OpArgs args);
    }

    /** The MACs of a call, or why they are not known. */
    public record MacCount(long macs, String unknown, String assumption) {
        public static MacCount exact(long macs) {
            return new MacCount(macs, null, null);
        }

        /** A count that rests on an assumption, stated. */
        public static MacCount assuming(long macs, String assumption) {
            return new MacCount(macs, null, assumption);
        }

        /** Not known: the shapes or arguments it needs are not. */
        public static MacCount unknown(String why) {
            return new MacCount(0, why, null);
        }

        public boolean known() {
            return unknown == null;
        }
    }
}
