package org.effbench.counting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.effbench.counting.OpRule.MacCount;
import org.effbench.counting.Value.Tensor;

/**
 * torch.einsum of two operands: every combination of the equation's indices is one
 * multiply-accumulate, so MACs are the product of all index sizes. More operands, or an ellipsis,
 * are not counted (libtorch's contraction order would decide).
 */
final class Einsum {

    private Einsum() {}

    static MacCount macs(OpArgs a) {
        Map<Character, Long> sizes = sizes(a);
        if (sizes == null) {
            return MacCount.unknown(
                    "einsum with an ellipsis or more than two operands is not counted");
        }
        long macs = 1;
        for (long s : sizes.values()) {
            macs *= s;
        }
        return MacCount.exact(macs);
    }

    static Object output(OpArgs a) {
        Map<Character, Long> sizes = OpRules.need(sizes(a));
        String eq = a.string("equation").replace(" ", "");
        String out;
        if (eq.contains("->")) {
            out = eq.substring(eq.indexOf("->") + 2);
        } else {
            StringBuilder implicit = new StringBuilder();
            sizes.keySet().stream()
                    .sorted()
                    .filter(c -> eq.indexOf(c) == eq.lastIndexOf(c))
                    .forEach(implicit::append);
            out = implicit.toString();
        }
        List<Long> shape = new ArrayList<>();
        for (char c : out.toCharArray()) {
            shape.add(sizes.get(c));
        }
        return new Tensor(shape, OpRules.need(a.tensors("tensors")).get(0).dtype());
    }

    private static Map<Character, Long> sizes(OpArgs a) {
        String eq = OpRules.need(a.string("equation")).replace(" ", "");
        List<Tensor> tensors = OpRules.need(a.tensors("tensors"));
        String inputs = eq.contains("->") ? eq.substring(0, eq.indexOf("->")) : eq;
        String[] terms = inputs.split(",", -1);
        if (eq.contains(".") || terms.length != tensors.size() || terms.length > 2) {
            return null;
        }
        Map<Character, Long> sizes = new LinkedHashMap<>();
        for (int i = 0; i < terms.length; i++) {
            List<Long> shape = OpRules.need(tensors.get(i).shape());
            if (shape.size() != terms[i].length()) {
                throw new IllegalArgumentException(
                        "einsum term " + terms[i] + " does not fit shape " + shape);
            }
            for (int j = 0; j < shape.size(); j++) {
                sizes.merge(terms[i].charAt(j), shape.get(j), Math::max);
            }
        }
        return sizes;
    }
}
