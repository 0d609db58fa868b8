package org.effbench.torchscript;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.effbench.counting.OpArgs;
import org.effbench.counting.Value;
import org.effbench.counting.Value.Tensor;
import org.effbench.counting.Value.Tuple;

/**
 * TorchScript's operations on plain values (numbers, booleans, strings, lists), with Python's
 * semantics: the shape arithmetic and bookkeeping around the tensor operators.
 */
final class Builtins {

    private static final Set<String> ARITHMETIC =
            Set.of(
                    "add",
                    "sub",
                    "mul",
                    "div",
                    "floordiv",
                    "floor_divide",
                    "remainder",
                    "rsub",
                    "neg",
                    "pow",
                    "eq",
                    "ne",
                    "lt",
                    "gt",
                    "le",
                    "ge",
                    "__not__",
                    "__and__",
                    "__or__",
                    "__xor__",
                    "min",
                    "max",
                    "abs",
                    "floor",
                    "ceil",
                    "sqrt",
                    "log",
                    "exp",
                    "__lshift__",
                    "__rshift__",
                    "truediv",
                    "round");

    private Builtins() {}

    /** Whether {@code op} on plain values is one of these (else it is a tensor operator). */
    static boolean handles(String op) {
        return ARITHMETIC.contains(op);
    }

    static Object torch(String op, List<Object> args, String where) {
        Object a = args.isEmpty() ? null : args.get(0);
        Object b = args.size() > 1 ? args.get(1) : null;
        if (args.stream().anyMatch(v -> v == Value.UNKNOWN)
                && !Set.of("__is__", "__isnot__", "len", "append", "format", "list", "str", "warn")
                        .contains(op)) {
            return Value.UNKNOWN;
        }
        return switch (op) {
            case "size" -> {
                Tensor t = (Tensor) a;
                if (!t.known()) {
                    yield Value.UNKNOWN;
                }
                if (b == null) {
                    yield new ArrayList<Object>(t.shape());
                }
                yield t.shape()
                        .get(
                                (int)
                                        (OpArgs.integer(b) < 0
                                                ? OpArgs.integer(b) + t.shape().size()
                                                : OpArgs.integer(b)));
            }
            case "dim" ->
                    a instanceof Tensor t && t.known()
                            ? (Object) (long) t.shape().size()
                            : Value.UNKNOWN;
            case "numel" ->
                    a instanceof Tensor t && t.known() ? (Object) t.elements() : Value.UNKNOWN;
            case "element_size" -> Value.UNKNOWN;
            case "is_floating_point" ->
                    a instanceof Tensor t && t.dtype() != null
                            ? (Object) t.dtype().startsWith("float")
                            : Value.UNKNOWN;
            case "len" ->
                    a instanceof List<?> l
                            ? (Object) (long) l.size()
                            : a instanceof Tuple t
                                    ? (Object) (long) t.items().size()
                                    : a instanceof String s
                                            ? (Object) (long) s.length()
                                            : a instanceof Map<?, ?> m
                                                    ? (Object) (long) m.size()
                                                    : a instanceof Tensor t
                                                                    && t.known()
                                                                    && !t.shape().isEmpty()
                                                            ? (Object) t.shape().get(0)
                                                            : Value.UNKNOWN;
            case "__is__" -> identical(a, b);
            case "__isnot__" -> !identical(a, b);
            case "__getitem__" -> {
                List<?> items = a instanceof Tuple t ? t.items() : (List<?>) a;
                long i = OpArgs.integer(b);
                yield items.get((int) (i < 0 ? i + items.size() : i));
            }
            case "__contains__" ->
                    a instanceof List<?> l
                            ? l.contains(b)
                            : a instanceof Map<?, ?> m
                                    ? m.containsKey(b)
                                    : a instanceof String s && b instanceof String t
                                            ? s.contains(t)
                                            : Value.UNKNOWN;
            case "list" ->
                    a instanceof Tuple t
                            ? new ArrayList<>(t.items())
                            : a instanceof List<?> l
                                    ? new ArrayList<>(l)
                                    : a instanceof String s
                                            ? new ArrayList<Object>(
                                                    s.chars()
                                                            .mapToObj(c -> String.valueOf((char) c))
                                                            .toList())
                                            : Value.UNKNOWN;
            case "append" -> {
                @SuppressWarnings("unchecked")
                List<Object> l = (List<Object>) a;
                l.add(b);
                yield Value.NONE;
            }
            case "extend" -> {
                @SuppressWarnings("unchecked")
                List<Object> l = (List<Object>) a;
                l.addAll(b instanceof Tuple t ? t.items() : (List<?>) b);
                yield Value.NONE;
            }
            case "insert" -> {
                @SuppressWarnings("unchecked")
                List<Object> l = (List<Object>) a;
                long i = OpArgs.integer(b);
                l.add((int) Math.min(i < 0 ? Math.max(i + l.size(), 0) : i, l.size()), args.get(2));
                yield Value.NONE;
            }
            case "pop" -> {
                @SuppressWarnings("unchecked")
                List<Object> l = (List<Object>) a;
                long i = b == null ? -1 : OpArgs.integer(b);
                yield l.remove((int) (i < 0 ? i + l.size() : i));
            }
            case "format", "str" -> String.valueOf(a);
            case "warn" -> Value.NONE;
            case "tensor" ->
                    a instanceof Long || a instanceof Double
                            ? new Tensor(List.of(), a instanceof Long ? "int64" : "float32", a)
                            : Tensor.unknown(null);
            case "__range_length" -> {
                long lo = OpArgs.integer(a);
                long hi = OpArgs.integer(b);
                long step = OpArgs.integer(args.get(2));
                yield step > 0
                        ? Math.max(0, (hi - lo + step - 1) / step)
                        : Math.max(0, (lo - hi - step - 1) / -step);
            }
            case "__derive_index" ->
                    OpArgs.integer(args.get(1)) + OpArgs.integer(a) * OpArgs.integer(args.get(2));
            case "__not__" -> !truthy(a);
            case "neg" ->
                    a instanceof Long l ? (Object) (-l) : (Object) (-((Number) a).doubleValue());
            case "abs" ->
                    a instanceof Long l
                            ? (Object) Math.abs(l)
                            : (Object) Math.abs(((Number) a).doubleValue());
            case "floor" -> (long) Math.floor(((Number) a).doubleValue());
            case "ceil" -> (long) Math.ceil(((Number) a).doubleValue());
            case "round" -> (double) Math.rint(((Number) a).doubleValue());
            case "sqrt", "log", "exp" -> math(op, args);
            case "min", "max" -> extreme(op, args);
            case "eq" -> equal(a, b);
            case "ne" -> !equal(a, b);
            case "lt", "gt", "le", "ge" -> compare(op, a, b);
            case "__and__" ->
                    a instanceof Boolean x
                            ? (Object) (x && (Boolean) b)
                            : (Object) (OpArgs.integer(a) & OpArgs.integer(b));
            case "__or__" ->
                    a instanceof Boolean x
                            ? (Object) (x || (Boolean) b)
                            : (Object) (OpArgs.integer(a) | OpArgs.integer(b));
            case "__xor__" ->
                    a instanceof Boolean x
                            ? (Object) (x ^ (Boolean) b)
                            : (Object) (OpArgs.integer(a) ^ OpArgs.integer(b));
            case "rsub" -> numeric("sub", b, a, where); // rsub(a, b) = b - a
            case "__lshift__" -> OpArgs.integer(a) << OpArgs.integer(b);
            case "__rshift__" -> OpArgs.integer(a) >> OpArgs.integer(b);
            default -> numeric(op, a, b, where);
        };
    }

    private static Object numeric(String op, Object a, Object b, String where) {
        if ((a instanceof List<?> || a instanceof Tuple) && op.equals("add")) {
            List<Object> out = new ArrayList<>(a instanceof Tuple t ? t.items() : (List<?>) a);
            out.addAll(b instanceof Tuple t ? t.items() : (List<?>) b);
            return a instanceof Tuple ? new Tuple(out) : out;
        }
        if (a instanceof List<?> l && op.equals("mul")) {
            List<Object> out = new ArrayList<>();
            for (long i = 0; i < OpArgs.integer(b); i++) {
                out.addAll(l);
            }
            return out;
        }
        if (a instanceof String s && op.equals("add")) {
            return s + b;
        }
        if (!(a instanceof Number || a instanceof Boolean)
                || !(b instanceof Number || b instanceof Boolean)) {
            throw new CodeCounter.Unresolved(
                    where
                            + ": "
                            + op
                            + " of "
                            + CodeCounter.describe(a)
                            + " and "
                            + CodeCounter.describe(b));
        }
        if (isInt(a) && isInt(b) && !op.equals("div") && !op.equals("truediv")) {
            long x = asLong(a);
            long y = asLong(b);
            return switch (op) {
                case "add" -> x + y;
                case "sub" -> x - y;
                case "mul" -> x * y;
                case "floordiv", "floor_divide" -> Math.floorDiv(x, y);
                case "remainder" -> Math.floorMod(x, y);
                case "pow" -> y >= 0 ? (Object) (long) Math.pow(x, y) : (Object) Math.pow(x, y);
                default -> throw new CodeCounter.Unresolved(where + ": unknown operation " + op);
            };
        }
        double x = ((Number) (a instanceof Boolean ba ? (ba ? 1L : 0L) : a)).doubleValue();
        double y = ((Number) (b instanceof Boolean bb ? (bb ? 1L : 0L) : b)).doubleValue();
        return switch (op) {
            case "add" -> x + y;
            case "sub" -> x - y;
            case "mul" -> x * y;
            case "div", "truediv" -> x / y;
            case "floordiv", "floor_divide" -> Math.floor(x / y);
            case "remainder" -> x - Math.floor(x / y) * y;
            case "pow" -> Math.pow(x, y);
            default -> throw new CodeCounter.Unresolved(where + ": unknown operation " + op);
        };
    }

    static Object math(String name, List<Object> args) {
        if (args.stream().anyMatch(v -> !(v instanceof Number))) {
            return Value.UNKNOWN;
        }
        double x = ((Number) args.get(0)).doubleValue();
        return switch (name) {
            case "sqrt" -> Math.sqrt(x);
            case "log" -> Math.log(x);
            case "exp" -> Math.exp(x);
            case "floor" -> (long) Math.floor(x);
            case "ceil" -> (long) Math.ceil(x);
            case "pow" -> Math.pow(x, ((Number) args.get(1)).doubleValue());
            case "log2" -> Math.log(x) / Math.log(2);
            case "isnan" -> Double.isNaN(x);
            case "isinf" -> Double.isInfinite(x);
            default -> Value.UNKNOWN;
        };
    }

    static Object convert(String type, Object v) {
        Object x = v instanceof Tensor t ? t.scalar() : v;
        if (x == null || x == Value.UNKNOWN) {
            return Value.UNKNOWN;
        }
        return switch (type) {
            case "int" ->
                    x instanceof Boolean b
                            ? (Object) (b ? 1L : 0L)
                            : x instanceof Number n
                                    ? (Object) n.longValue()
                                    : x instanceof String s
                                            ? (Object) Long.parseLong(s.strip())
                                            : Value.UNKNOWN;
            case "float" ->
                    x instanceof Boolean b
                            ? (Object) (b ? 1.0 : 0.0)
                            : x instanceof Number n ? (Object) n.doubleValue() : Value.UNKNOWN;
            default -> truthy(x);
        };
    }

    static Object range(List<Object> args, String where) {
        List<Long> v = new ArrayList<>();
        for (Object a : args) {
            Long i = OpArgs.integer(a);
            if (i == null) {
                throw new CodeCounter.Unresolved(
                        where + ": a loop whose length depends on tensor values");
            }
            v.add(i);
        }
        long lo = v.size() > 1 ? v.get(0) : 0;
        long hi = v.size() > 1 ? v.get(1) : v.get(0);
        long step = v.size() > 2 ? v.get(2) : 1;
        List<Object> out = new ArrayList<>();
        for (long i = lo; step > 0 ? i < hi : i > hi; i += step) {
            out.add(i);
        }
        return out;
    }

    private static boolean truthy(Object v) {
        return v instanceof Boolean b
                ? b
                : v instanceof Number n ? n.doubleValue() != 0 : v != Value.NONE && v != null;
    }

    private static boolean identical(Object a, Object b) {
        if (a == Value.NONE || b == Value.NONE) {
            return a == b;
        }
        return Objects.equals(a, b);
    }

    private static boolean equal(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return isInt(a) && isInt(b)
                    ? x.longValue() == y.longValue()
                    : x.doubleValue() == y.doubleValue();
        }
        if (a instanceof List<?> || a instanceof Tuple) {
            List<?> x = a instanceof Tuple t ? t.items() : (List<?>) a;
            List<?> y = b instanceof Tuple t ? t.items() : b instanceof List<?> l ? l : null;
            if (y == null || x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static Object compare(String op, Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            int c = x.compareTo(y);
            return cmp(op, c);
        }
        double x = ((Number) (a instanceof Boolean ba ? (ba ? 1L : 0L) : a)).doubleValue();
        double y = ((Number) (b instanceof Boolean bb ? (bb ? 1L : 0L) : b)).doubleValue();
        return cmp(op, Double.compare(x, y));
    }

    private static boolean cmp(String op, int c) {
        return switch (op) {
            case "lt" -> c < 0;
            case "gt" -> c > 0;
            case "le" -> c <= 0;
            default -> c >= 0;
        };
    }

    private static Object extreme(String op, List<Object> args) {
        List<?> items = args.size() == 1 && args.get(0) instanceof List<?> l ? l : args;
        Object best = null;
        for (Object o : items) {
            if (!(o instanceof Number)) {
                return Value.UNKNOWN;
            }
            if (best == null
                    || (op.equals("min")
                            ? ((Number) o).doubleValue() < ((Number) best).doubleValue()
                            : ((Number) o).doubleValue() > ((Number) best).doubleValue())) {
                best = o;
            }
        }
        return best == null ? Value.UNKNOWN : best;
    }

    private static boolean isInt(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Boolean;
    }

    private static long asLong(Object v) {
        return v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).longValue();
    }
}
