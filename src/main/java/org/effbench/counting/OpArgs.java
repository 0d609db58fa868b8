package org.effbench.counting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An operator call's arguments bound to the names of its schema, as far as they are known: from a
 * file's code every argument is a {@link Value}; from libtorch's trace only tensors' shapes are
 * (everything else is {@link Value#UNKNOWN}), with the output's shape when the trace shows it.
 */
public final class OpArgs {

    private final OpRule rule;
    private final Map<String, Object> values;
    private final List<Long> output;

    private OpArgs(OpRule rule, Map<String, Object> values, List<Long> output) {
        this.rule = rule;
        this.values = values;
        this.output = output == null ? null : List.copyOf(output);
    }

    /**
     * Binds positional then keyword arguments to the rule's schema; missing ones take their
     * defaults, or are unknown.
     *
     * @throws IllegalArgumentException for more positional arguments than the schema has, or a
     *     keyword it does not name
     */
    public static OpArgs bind(OpRule rule, List<?> positional, Map<String, ?> keywords) {
        List<String> params = rule.params();
        if (positional.size() > params.size() && !rule.variadic()) {
            throw new IllegalArgumentException(
                    rule.name()
                            + " takes "
                            + params.size()
                            + " arguments, got "
                            + positional.size());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            values.put(
                    params.get(i),
                    i < positional.size()
                            ? positional.get(i)
                            : rule.defaults().getOrDefault(params.get(i), Value.UNKNOWN));
        }
        for (int i = params.size(); i < positional.size(); i++) {
            values.put("#" + i, positional.get(i));
        }
        keywords.forEach(
                (k, v) -> {
                    if (!values.containsKey(k) && !rule.variadic()) {
                        throw new IllegalArgumentException(rule.name() + " has no argument " + k);
                    }
                    values.put(k, v);
                });
        return new OpArgs(rule, values, null);
    }

    /**
     * Binds the input shapes libtorch's profiler recorded for a call: the schema's arguments are
     * the last ones recorded (the interpreter can record other live values in front of them); empty
     * shapes (non-tensors, or scalars) are unknown.
     */
    public static OpArgs ofTrace(OpRule rule, List<List<Long>> recorded) {
        int n = rule.params().size();
        List<Object> positional = new ArrayList<>();
        int from = Math.max(0, recorded.size() - n);
        for (int i = from; i < recorded.size(); i++) {
            List<Long> s = recorded.get(i);
            positional.add(s.isEmpty() ? Value.UNKNOWN : new Value.Tensor(s, null));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            values.put(
                    rule.params().get(i),
                    i < positional.size() ? positional.get(i) : Value.UNKNOWN);
        }
        return new OpArgs(rule, values, null);
    }

    /** These arguments with the output shape known (the trace's next operator shows it). */
    public OpArgs withOutput(List<Long> shape) {
        return new OpArgs(rule, values, shape);
    }

    /** These arguments with one replaced (a fact the caller established another way). */
    public OpArgs with(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new OpArgs(rule, copy, output);
    }

    public OpRule rule() {
        return rule;
    }

    public Object get(String name) {
        return values.getOrDefault(name, Value.UNKNOWN);
    }

    /** Every value, in schema order, then surplus positional ones. */
    public List<Object> all() {
        return List.copyOf(values.values().stream().map(v -> v == null ? Value.NONE : v).toList());
    }

    /** The output shape if known from outside the rule (the trace), else null. */
    public List<Long> knownOutput() {
        return output;
    }

    /** The shape of a tensor argument, or null when it is not a tensor or not known. */
    public List<Long> shape(String name) {
        return get(name) instanceof Value.Tensor t ? t.shape() : null;
    }

    public Value.Tensor tensor(String name) {
        return get(name) instanceof Value.Tensor t ? t : null;
    }

    public boolean isNone(String name) {
        return get(name) == Value.NONE;
    }

    /** An integer argument (or a 0-dimensional tensor holding a known one), else null. */
    public Long integer(String name) {
        return integer(get(name));
    }

    /** An integer list argument; a single integer counts as a list of one. Null when unknown. */
    public List<Long> ints(String name) {
        return ints(get(name));
    }

    public Boolean bool(String name) {
        Object v = get(name);
        return v instanceof Boolean b ? b : v instanceof Long l ? l != 0 : null;
    }

    public Double number(String name) {
        Object v = get(name);
        return v instanceof Number n ? n.doubleValue() : null;
    }

    public String string(String name) {
        return get(name) instanceof String s ? s : null;
    }

    /** A list of tensors, or null. */
    public List<Value.Tensor> tensors(String name) {
        Object v = get(name);
        List<?> items = v instanceof List<?> l ? l : v instanceof Value.Tuple t ? t.items() : null;
        if (items == null) {
            return null;
        }
        List<Value.Tensor> out = new ArrayList<>();
        for (Object o : items) {
            if (!(o instanceof Value.Tensor t)) {
                return null;
            }
            out.add(t);
        }
        return out;
    }

    public static Long integer(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Value.Tensor t && t.scalar() instanceof Long l) {
            return l;
        }
        return null;
    }

    public static List<Long> ints(Object v) {
        Long single = integer(v);
        if (single != null) {
            return List.of(single);
        }
        List<?> items = v instanceof List<?> l ? l : v instanceof Value.Tuple t ? t.items() : null;
        if (items == null) {
            return null;
        }
        List<Long> out = new ArrayList<>();
        for (Object o : items) {
            Long i = integer(o);
            if (i == null) {
                return null;
            }
            out.add(i);
        }
        return out;
    }
}
