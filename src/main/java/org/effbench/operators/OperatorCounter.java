package org.effbench.operators;

import java.util.List;
import java.util.Optional;
import org.effbench.counting.OpArgs;
import org.effbench.counting.OpRule;
import org.effbench.counting.OpRules;

/**
 * What one operator call in libtorch's trace costs, by the shared rule table ({@link OpRules}): the
 * call's recorded input shapes are bound to the operator's schema from the end (the TorchScript
 * interpreter can record other live values in front of the real operands), and the rule counts from
 * them. An operator not in the table is not understood and reported as such.
 */
public final class OperatorCounter {

    /** How an operator is counted. */
    public enum Kind {
        MATRIX,
        ELEMENTWISE,
        FREE,
        UNKNOWN
    }

    /**
     * A count. {@code estimate} is set when it rests on something the trace did not show (a
     * convolution whose output size had to be found in a later call, or whose direction was
     * assumed); {@code known} is false when the shapes it needs were not recorded at all.
     */
    public record Count(long macs, long elementwiseOps, boolean estimate, boolean known) {
        static final Count ZERO = new Count(0, 0, false, true);

        public Count(long macs, long elementwiseOps, boolean estimate) {
            this(macs, elementwiseOps, estimate, true);
        }
    }

    private OperatorCounter() {}

    /**
     * An aten operator's name without its namespace: {@code aten::addmm} is {@code addmm}; others
     * keep theirs.
     */
    public static String kindName(String operator) {
        return operator.startsWith("aten::") ? operator.substring("aten::".length()) : operator;
    }

    public static Kind kind(String operator) {
        return OpRules.find(operator)
                .map(
                        r ->
                                switch (r.cost()) {
                                    case MATRIX -> Kind.MATRIX;
                                    case ELEMENTWISE -> Kind.ELEMENTWISE;
                                    case FREE -> Kind.FREE;
                                })
                .orElse(Kind.UNKNOWN);
    }

    /** The call's arguments as the trace shows them, bound to its rule's schema. */
    static OpArgs args(OpEvent op) {
        OpRule rule =
                OpRules.find(op.name())
                        .orElseThrow(
                                () -> new IllegalArgumentException(op.name() + " has no rule"));
        return OpArgs.ofTrace(rule, op.inputShapes());
    }

    /**
     * MACs of a matrix, convolution, attention or recurrent call.
     *
     * @param convolutionOutput a convolution's output shape: as a later call shows it, or assumed
     *     (then the caller marks the count an estimate)
     * @param transposed whether a convolution is transposed, when the trace tells (empty: it does
     *     not)
     */
    public static Count matrix(
            OpEvent op, Optional<List<Long>> convolutionOutput, Optional<Boolean> transposed) {
        OpArgs a = args(op);
        boolean estimate = false;
        if (convolutionOutput.isPresent()) {
            a = a.withOutput(convolutionOutput.get());
        }
        if (a.rule().params().contains("transposed")) {
            a = a.with("transposed", transposed.orElse(Boolean.FALSE));
            estimate |= transposed.isEmpty();
        }
        OpRule.MacCount c = OpRules.macs(a);
        if (!c.known()) {
            return new Count(0, 0, true, false);
        }
        return new Count(c.macs(), 0, estimate || c.assumption() != null, true);
    }

    public static Count matrix(OpEvent op, Optional<List<Long>> convolutionOutput) {
        return matrix(op, convolutionOutput, Optional.empty());
    }

    /** Element-wise operations of a call, by the rule's per-element convention. */
    public static Count elementwise(OpEvent op) {
        Optional<OpRule> rule = OpRules.find(op.name());
        if (rule.isEmpty()) {
            return Count.ZERO;
        }
        return new Count(
                0, OpRules.elementwise(OpArgs.ofTrace(rule.get(), op.inputShapes())), false);
    }
}
