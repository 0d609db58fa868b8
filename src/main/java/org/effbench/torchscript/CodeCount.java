package org.effbench.torchscript;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.effbench.base.ComputeDtype;

/**
 * What reading a TorchScript file's code gives, for one set of input shapes: per operator, its
 * calls and counts; operators the rule table does not know; where the walk could not go on (a
 * branch that depends on tensor values); and the parameters by storage.
 *
 * @param operators per operator name (aten namespace dropped), in first-call order
 * @param notUnderstood operator name to calls, for operators with no rule
 * @param unresolved why the walk stopped early (file:line and reason), or null when it finished
 * @param parameters parameter elements, each storage counted once; for a frozen file (no parameter
 *     left in its module tree) its constant tensors, which {@code torch.jit.freeze} pools by value:
 *     equal tensors (e.g. the zero biases of untrained folded batch norms) are stored, and counted,
 *     once
 * @param buffers buffer elements (running statistics and other non-trainable state), each storage
 *     once
 * @param packedWeights elements of quantized operators' packed weights and biases (they are not
 *     module parameters)
 * @param shared parameters stored once and referenced under several names: storage key to the names
 * @param parameterBytes bytes of the parameters and packed weights as saved, each in its own dtype
 *     (a model saved in bf16: 2 per element)
 */
public record CodeCount(
        Map<String, OperatorCount> operators,
        Map<String, Long> notUnderstood,
        String unresolved,
        long parameters,
        long buffers,
        long packedWeights,
        Map<String, List<String>> shared,
        long parameterBytes) {

    public CodeCount {
        operators = Map.copyOf(operators);
        notUnderstood = Map.copyOf(notUnderstood);
        shared = Map.copyOf(shared);
    }

    /**
     * Counts of one operator over the pass. {@code unknownCalls} had MACs that could not be known.
     *
     * @param macsByDtype a matrix operator's MACs per format its operands had ({@link
     *     ComputeDtype}'s names), empty for other operators
     */
    public record OperatorCount(
            String operator,
            long calls,
            long macs,
            long elementwiseOps,
            long unknownCalls,
            List<String> notes,
            Map<String, Long> macsByDtype) {
        public OperatorCount {
            notes = List.copyOf(notes);
            macsByDtype = Collections.unmodifiableMap(new LinkedHashMap<>(macsByDtype));
        }

        /** The format of this operator's MACs: one, {@code mixed}, or empty when it has none. */
        public ComputeDtype dtype() {
            return new ComputeDtype(macsByDtype, false);
        }
    }

    /**
     * The formats the pass's matrix products computed in, weighted by MACs; partial when the code
     * was not counted to its end (it says what the counted part computed in).
     */
    public ComputeDtype dtype() {
        Map<String, Long> split = new LinkedHashMap<>();
        operators
                .values()
                .forEach(o -> o.macsByDtype().forEach((d, n) -> split.merge(d, n, Long::sum)));
        return new ComputeDtype(split, !complete());
    }

    public long macs() {
        return operators.values().stream().mapToLong(OperatorCount::macs).sum();
    }

    public long elementwiseOps() {
        return operators.values().stream().mapToLong(OperatorCount::elementwiseOps).sum();
    }

    /** Whether the MAC total is the whole pass's: the walk finished and every call was counted. */
    public boolean complete() {
        return unresolved == null
                && notUnderstood.isEmpty()
                && operators.values().stream().allMatch(o -> o.unknownCalls() == 0);
    }
}
