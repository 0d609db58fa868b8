package org.effbench.torchscript;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.effbench.counting.Dtypes;
import org.effbench.counting.OpArgs;
import org.effbench.counting.OpRule;
import org.effbench.counting.OpRules;
import org.effbench.counting.Value;
import org.effbench.counting.Value.Tensor;
import org.effbench.counting.Value.Tuple;
import org.effbench.torchscript.Ast.Expr;
import org.effbench.torchscript.Ast.Stmt;
import org.effbench.torchscript.TorchScriptArchive.Obj;
import org.effbench.torchscript.TorchScriptArchive.StoredTensor;

/**
 * Counts a TorchScript file from its own code: runs the root module's {@code forward} on abstract
 * values (tensors are shapes; numbers, lists and flags are themselves), following every call into
 * submodules, and applies {@link OpRules} to each operator call: its output shape and its MACs come
 * from its arguments as the code spells them (strides, paddings, groups, the transposed flag). A
 * branch on tensor values cannot be followed: the walk stops there and says where.
 */
public final class CodeCounter {

    /** Statements executed before a walk is taken to be looping forever. */
    private static final long STEP_LIMIT = 20_000_000;

    private final TorchScriptArchive archive;
    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private final Map<String, Long> notUnderstood = new TreeMap<>();
    private final Set<Obj> restored = Collections.newSetFromMap(new IdentityHashMap<>());
    private long steps;
    private String where = "";

    private CodeCounter(TorchScriptArchive archive) {
        this.archive = archive;
    }

    /**
     * Counts one forward pass of the file's root module.
     *
     * @param inputs the inputs' shapes (batch included) and element types, in forward's order
     */
    public static CodeCount count(TorchScriptArchive archive, List<Tensor> inputs) {
        CodeCounter c = new CodeCounter(archive);
        String unresolved = null;
        try {
            c.invoke(archive.root(), "forward", new ArrayList<>(inputs), Map.of());
        } catch (Unresolved e) {
            unresolved = e.getMessage();
        }
        Map<String, CodeCount.OperatorCount> ops = new LinkedHashMap<>();
        c.tallies.forEach(
                (name, t) ->
                        ops.put(
                                name,
                                new CodeCount.OperatorCount(
                                        name,
                                        t.calls,
                                        t.macs,
                                        t.elementwise,
                                        t.unknown,
                                        new ArrayList<>(t.notes),
                                        t.macsByDtype)));
        Parameters p = Parameters.of(archive);
        return new CodeCount(
                ops,
                c.notUnderstood,
                unresolved,
                p.parameters,
                p.buffers,
                p.packed,
                p.shared,
                p.parameterBytes);
    }

    /**
     * The walk cannot go on: a branch or loop on tensor data, an exception the code raises, a
     * missing method.
     */
    static final class Unresolved extends RuntimeException {
        Unresolved(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Tally {
        long calls;
        long macs;
        long elementwise;
        long unknown;
        final LinkedHashSet<String> notes = new LinkedHashSet<>();
        final Map<String, Long> macsByDtype = new LinkedHashMap<>();
    }

    /** A method of an object, as a value (a call target). */
    private record Bound(Obj self, String method) {}

    // ---- modules ----

    private Ast.ClassDef classOf(Obj o) {
        Ast.ClassDef c = archive.classes().get(o.className());
        if (c == null) {
            throw new Unresolved(
                    where + ": the code of class " + o.className() + " is not in the archive");
        }
        return c;
    }

    private Object invoke(Obj self, String method, List<Object> args, Map<String, Object> kwargs) {
        Ast.ClassDef c = classOf(self);
        Ast.FunctionDef f =
                c.methods().stream()
                        .filter(m -> m.name().equals(method))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new Unresolved(
                                                where
                                                        + ": "
                                                        + c.name()
                                                        + " has no method "
                                                        + method));
        List<Object> all = new ArrayList<>();
        all.add(self);
        all.addAll(args);
        return call(f, c.name(), all, kwargs);
    }

    private Object call(
            Ast.FunctionDef f, String owner, List<Object> args, Map<String, Object> kwargs) {
        Map<String, Object> env = new HashMap<>();
        List<Ast.Param> params = f.params();
        for (int i = 0; i < params.size(); i++) {
            Ast.Param p = params.get(i);
            Object v;
            if (i < args.size()) {
                v = args.get(i);
            } else if (kwargs.containsKey(p.name())) {
                v = kwargs.get(p.name());
            } else if (p.defaultValue() != null) {
                v = eval(p.defaultValue(), Map.of());
            } else {
                throw new Unresolved(
                        owner
                                + "."
                                + f.name()
                                + " needs argument "
                                + p.name()
                                + ": the model takes more inputs than were given");
            }
            env.put(p.name(), v);
        }
        String saved = where;
        Frame frame = new Frame(owner + "." + f.name());
        exec(f.body(), env, frame);
        where = saved;
        return frame.returned;
    }

    /**
     * Runs a module's own {@code __setstate__} on the state it was pickled with, once: a quantized
     * module stores its weight and bias and packs them there ({@code conv2d_prepack}), so its
     * {@code _packed_params} exists only after it ran, as when libtorch loads the file.
     *
     * @return whether it ran now (false: no tuple state, no such method, or it ran before)
     */
    private boolean restore(Obj o) {
        Ast.ClassDef c = archive.classes().get(o.className());
        if (!(o.state() instanceof List<?> state)
                || c == null
                || c.methods().stream().noneMatch(m -> m.name().equals("__setstate__"))
                || !restored.add(o)) {
            return false;
        }
        invoke(o, "__setstate__", new ArrayList<>(List.of(value(state.toArray()))), Map.of());
        return true;
    }

    private Object attribute(Object target, String name) {
        if (target instanceof Obj o) {
            if (o.attributes().containsKey(name)) {
                return value(o.attributes().get(name));
            }
            Ast.ClassDef c = archive.classes().get(o.className());
            if (c != null) {
                for (Ast.Field f : c.fields()) {
                    if (f.name().equals(name) && f.value() != null) {
                        return eval(f.value(), Map.of());
                    }
                }
                if (c.methods().stream().anyMatch(m -> m.name().equals(name))) {
                    return new Bound(o, name);
                }
            }
            if (restore(o)) {
                return attribute(o, name);
            }
            throw new Unresolved(where + ": " + o.className() + " has no attribute " + name);
        }
        if (target instanceof Tensor t) {
            return switch (name) {
                case "shape" -> t.known() ? new ArrayList<Object>(t.shape()) : Value.UNKNOWN;
                case "dtype" -> dtypeCode(t.dtype());
                case "device" -> "cpu";
                case "is_cuda", "is_quantized", "requires_grad" -> Boolean.FALSE;
                default -> Value.UNKNOWN;
            };
        }
        return Value.UNKNOWN;
    }

    /**
     * data.pkl's values as the code sees them: stored tensors are shapes, packed weights a {@link
     * OpRules.Packed}.
     */
    private static Object value(Object stored) {
        if (stored instanceof StoredTensor t) {
            return new Tensor(t.shape(), t.dtype(), t.scalar());
        }
        if (stored instanceof Obj o && o.className().startsWith("__torch__.torch.classes.")) {
            return Parameters.packed(o).map(p -> (Object) p).orElse(Value.UNKNOWN);
        }
        if (stored == null) {
            return Value.NONE;
        }
        if (stored instanceof Object[] tuple) {
            return new Tuple(Arrays.stream(tuple).map(CodeCounter::value).toList());
        }
        if (stored instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(value(v)));
            return out;
        }
        if (stored instanceof Integer i) {
            return i.longValue();
        }
        return stored;
    }

    // ---- statements ----

    private static final class Frame {
        final String name;
        boolean returning;
        boolean breaking;
        boolean continuing;
        Object returned = Value.NONE;

        Frame(String name) {
            this.name = name;
        }
    }

    private void exec(List<Stmt> body, Map<String, Object> env, Frame frame) {
        for (Stmt s : body) {
            if (++steps > STEP_LIMIT) {
                throw new Unresolved(
                        frame.name + ":" + s.line() + ": more than " + STEP_LIMIT + " statements");
            }
            where = frame.name + ":" + s.line();
            exec(s, env, frame);
            if (frame.returning || frame.breaking || frame.continuing) {
                return;
            }
        }
    }

    private void exec(Stmt s, Map<String, Object> env, Frame frame) {
        if (s instanceof Ast.Assign a) {
            Object v = eval(a.value(), env);
            for (Expr t : a.targets()) {
                assign(t, v, env);
            }
        } else if (s instanceof Ast.AnnAssign a) {
            if (a.value() != null) {
                assign(a.target(), eval(a.value(), env), env);
            }
        } else if (s instanceof Ast.AugAssign a) {
            assign(a.target(), binary(a.op(), eval(a.target(), env), eval(a.value(), env)), env);
        } else if (s instanceof Ast.ExprStmt e) {
            eval(e.value(), env);
        } else if (s instanceof Ast.Return r) {
            frame.returned = r.value() == null ? Value.NONE : eval(r.value(), env);
            frame.returning = true;
        } else if (s instanceof Ast.If i) {
            exec(truth(eval(i.condition(), env), "if") ? i.then() : i.otherwise(), env, frame);
        } else if (s instanceof Ast.While w) {
            while (truth(eval(w.condition(), env), "while")) {
                if (loopBody(w.body(), env, frame)) {
                    return;
                }
            }
        } else if (s instanceof Ast.For f) {
            for (Object item : iterate(eval(f.iterable(), env))) {
                assign(f.target(), item, env);
                if (loopBody(f.body(), env, frame)) {
                    return;
                }
            }
        } else if (s instanceof Ast.Break) {
            frame.breaking = true;
        } else if (s instanceof Ast.Continue) {
            frame.continuing = true;
        } else if (s instanceof Ast.Raise r) {
            throw new Unresolved(
                    where
                            + ": the code raises "
                            + (r.value() == null ? "" : describe(eval(r.value(), env))));
        } else if (s instanceof Ast.Assert a) {
            if (!truth(eval(a.condition(), env), "assert")) {
                throw new Unresolved(where + ": an assertion fails for these inputs");
            }
        } else if (s instanceof Ast.With w) {
            exec(w.body(), env, frame);
        }
    }

    /** Runs a loop body; true when the loop ends (break or return). */
    private boolean loopBody(List<Stmt> body, Map<String, Object> env, Frame frame) {
        exec(body, env, frame);
        frame.continuing = false;
        if (frame.breaking) {
            frame.breaking = false;
            return true;
        }
        return frame.returning;
    }

    private void assign(Expr target, Object value, Map<String, Object> env) {
        if (target instanceof Ast.Name n) {
            env.put(n.id(), value);
        } else if (target instanceof Ast.TupleExpr t) {
            unpack(t.items(), value, env);
        } else if (target instanceof Ast.ListExpr t) {
            unpack(t.items(), value, env);
        } else if (target instanceof Ast.Attribute a) {
            if (eval(a.target(), env) instanceof Obj o) {
                o.attributes().put(a.name(), value);
            }
        } else if (target instanceof Ast.Subscript sub) {
            Object container = eval(sub.target(), env);
            Object index = eval(sub.index(), env);
            if (container instanceof List<?> l && OpArgs.integer(index) != null) {
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) l;
                list.set(index(OpArgs.integer(index), list.size()), value);
            } else if (container instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<Object, Object> map = (Map<Object, Object>) m;
                map.put(index, value);
            }
        } else {
            throw new Unresolved(where + ": cannot assign to " + target);
        }
    }

    private void unpack(List<Expr> targets, Object value, Map<String, Object> env) {
        List<?> items =
                value instanceof Tuple t ? t.items() : value instanceof List<?> l ? l : null;
        if (items == null || items.size() != targets.size()) {
            if (value == Value.UNKNOWN || value instanceof Tensor) {
                targets.forEach(
                        t ->
                                assign(
                                        t,
                                        value instanceof Tensor tt && !tt.known()
                                                ? tt
                                                : Value.UNKNOWN,
                                        env));
                return;
            }
            throw new Unresolved(
                    where
                            + ": cannot unpack "
                            + describe(value)
                            + " into "
                            + targets.size()
                            + " names");
        }
        for (int i = 0; i < targets.size(); i++) {
            assign(targets.get(i), items.get(i), env);
        }
    }

    private List<?> iterate(Object v) {
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        if (v instanceof Tuple t) {
            return t.items();
        }
        if (v instanceof Map<?, ?> m) {
            return new ArrayList<>(m.keySet());
        }
        if (v instanceof Tensor t && t.known() && !t.shape().isEmpty()) {
            List<Object> rows = new ArrayList<>();
            for (long i = 0; i < t.shape().get(0); i++) {
                rows.add(t.withShape(t.shape().subList(1, t.shape().size())));
            }
            return rows;
        }
        throw new Unresolved(where + ": a loop over " + describe(v) + " depends on tensor values");
    }

    private boolean truth(Object v, String what) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Long l) {
            return l != 0;
        }
        if (v instanceof Double d) {
            return d != 0;
        }
        if (v == Value.NONE) {
            return false;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (v instanceof Tensor t && t.scalar() != null) {
            return truth(t.scalar(), what);
        }
        throw new Unresolved(
                where
                        + ": the "
                        + what
                        + " depends on tensor values, so which way it goes is not known "
                        + "without running the model");
    }

    // ---- expressions ----

    private Object eval(Expr e, Map<String, Object> env) {
        if (e instanceof Ast.Name n) {
            return name(n.id(), env);
        }
        if (e instanceof Ast.Const c) {
            return c.value() == Ast.Const.NONE
                    ? Value.NONE
                    : c.value() instanceof Integer i ? (Object) i.longValue() : c.value();
        }
        if (e instanceof Ast.Attribute a) {
            return attributeExpr(a, env);
        }
        if (e instanceof Ast.Call c) {
            return callExpr(c, env);
        }
        if (e instanceof Ast.Subscript s) {
            return subscript(eval(s.target(), env), s.index(), env);
        }
        if (e instanceof Ast.ListExpr l) {
            List<Object> out = new ArrayList<>();
            l.items().forEach(i -> out.add(eval(i, env)));
            return out;
        }
        if (e instanceof Ast.TupleExpr t) {
            return new Tuple(t.items().stream().map(i -> eval(i, env)).toList());
        }
        if (e instanceof Ast.DictExpr d) {
            Map<Object, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < d.keys().size(); i++) {
                m.put(eval(d.keys().get(i), env), eval(d.values().get(i), env));
            }
            return m;
        }
        if (e instanceof Ast.Unary u) {
            return unary(u.op(), eval(u.operand(), env));
        }
        if (e instanceof Ast.Binary b) {
            if (b.op().equals("and") || b.op().equals("or")) {
                Object l = eval(b.left(), env);
                return truth(l, b.op()) == b.op().equals("and") ? eval(b.right(), env) : l;
            }
            return binary(b.op(), eval(b.left(), env), eval(b.right(), env));
        }
        if (e instanceof Ast.IfExpr i) {
            return truth(eval(i.condition(), env), "conditional expression")
                    ? eval(i.then(), env)
                    : eval(i.otherwise(), env);
        }
        if (e instanceof Ast.Slice) {
            throw new Unresolved(where + ": a slice outside a subscript");
        }
        return Value.UNKNOWN; // an ellipsis
    }

    private Object name(String id, Map<String, Object> env) {
        if (env.containsKey(id)) {
            return env.get(id);
        }
        return switch (id) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "nan" -> Double.NaN;
            default ->
                    new Symbol(id); // torch, ops, math, CONSTANTS, types, builtins: resolved at the
                // call
        };
    }

    /** A dotted name not bound in the frame: a namespace, a builtin or a type. */
    private record Symbol(String path) {}

    private Object attributeExpr(Ast.Attribute a, Map<String, Object> env) {
        Object target = eval(a.target(), env);
        if (target instanceof Symbol s) {
            if (s.path().equals("CONSTANTS") && a.name().startsWith("c")) {
                int i = Integer.parseInt(a.name().substring(1));
                return value(archive.constants().get(i));
            }
            return new Symbol(s.path() + "." + a.name());
        }
        return attribute(target, a.name());
    }

    private Object subscript(Object target, Expr indexExpr, Map<String, Object> env) {
        if (indexExpr instanceof Ast.Slice s
                && (target instanceof List<?> || target instanceof Tuple)) {
            List<?> items = target instanceof Tuple t ? t.items() : (List<?>) target;
            Long lo = s.lower() == null ? null : OpArgs.integer(eval(s.lower(), env));
            Long hi = s.upper() == null ? null : OpArgs.integer(eval(s.upper(), env));
            Long step = s.step() == null ? 1L : OpArgs.integer(eval(s.step(), env));
            return sliceList(items, lo, hi, step);
        }
        if (target instanceof Symbol) {
            return target; // a type like List[int]
        }
        Object index = eval(indexExpr, env);
        if (target instanceof List<?> || target instanceof Tuple) {
            List<?> items = target instanceof Tuple t ? t.items() : (List<?>) target;
            Long i = OpArgs.integer(index);
            if (i == null) {
                throw new Unresolved(where + ": an index that depends on tensor values");
            }
            return items.get(index(i, items.size()));
        }
        if (target instanceof Map<?, ?> m) {
            return m.containsKey(index) ? m.get(index) : Value.UNKNOWN;
        }
        if (target instanceof Tensor t) {
            Long i = OpArgs.integer(index);
            return i != null
                    ? op("select", List.of(t, 0L, i), Map.of())
                    : Tensor.unknown(t.dtype());
        }
        if (target instanceof String s && OpArgs.integer(index) != null) {
            return String.valueOf(s.charAt(index(OpArgs.integer(index), s.length())));
        }
        return Value.UNKNOWN;
    }

    private static List<Object> sliceList(List<?> items, Long lo, Long hi, Long step) {
        int n = items.size();
        int start = lo == null ? 0 : (int) Math.min(Math.max(lo < 0 ? lo + n : lo, 0), n);
        int end = hi == null ? n : (int) Math.min(Math.max(hi < 0 ? hi + n : hi, 0), n);
        List<Object> out = new ArrayList<>();
        for (int i = start; i < end; i += step == null ? 1 : step) {
            out.add(items.get(i));
        }
        return out;
    }

    private static int index(long i, int size) {
        return (int) (i < 0 ? i + size : i);
    }

    private Object callExpr(Ast.Call c, Map<String, Object> env) {
        List<Object> args = new ArrayList<>();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        Object function;
        if (c.function() instanceof Ast.Attribute a) {
            Object target = eval(a.target(), env);
            function =
                    target instanceof Symbol s
                            ? new Symbol(s.path() + "." + a.name())
                            : target instanceof Obj o
                                    ? new Bound(o, a.name())
                                    : attribute(target, a.name());
        } else {
            function = eval(c.function(), env);
        }
        if (function instanceof Symbol s
                && (s.path().equals("annotate")
                        || s.path().equals("unchecked_cast")
                        || s.path().equals("isinstance"))) {
            Object v = eval(c.args().get(1), env);
            return s.path().equals("isinstance") ? isInstance(v, c.args().get(0)) : v;
        }
        for (Expr arg : c.args()) {
            args.add(eval(arg, env));
        }
        c.kwargs().forEach((k, v) -> kwargs.put(k, eval(v, env)));
        if (function instanceof Bound b) {
            if (archive.classes().containsKey(b.self().className())) {
                return invoke(b.self(), b.method(), args, kwargs);
            }
            return Value.UNKNOWN;
        }
        if (function instanceof Symbol s) {
            return named(s.path(), args, kwargs);
        }
        throw new Unresolved(where + ": cannot call " + describe(function));
    }

    private static boolean isInstance(Object v, Expr type) {
        String t = type.toString();
        String name =
                type instanceof Ast.Name n
                        ? n.id()
                        : type instanceof Ast.Subscript s && s.target() instanceof Ast.Name n
                                ? n.id()
                                : t;
        return switch (name) {
            case "Tensor" -> v instanceof Tensor;
            case "int" -> v instanceof Long;
            case "float" -> v instanceof Double;
            case "bool" -> v instanceof Boolean;
            case "str" -> v instanceof String;
            case "List" -> v instanceof List<?>;
            case "Tuple" -> v instanceof Tuple;
            case "Dict" -> v instanceof Map<?, ?>;
            default -> false;
        };
    }

    private static final Set<String> QUERIES =
            Set.of(
                    "size",
                    "dim",
                    "numel",
                    "len",
                    "__is__",
                    "__isnot__",
                    "__getitem__",
                    "list",
                    "append",
                    "format",
                    "__contains__",
                    "extend",
                    "insert",
                    "pop",
                    "warn",
                    "__range_length",
                    "__derive_index",
                    "str",
                    "element_size",
                    "is_floating_point",
                    "tensor");

    private Object named(String path, List<Object> args, Map<String, Object> kwargs) {
        String op;
        if (path.startsWith("torch.")) {
            op = path.substring("torch.".length());
        } else if (path.startsWith("ops.")) {
            String rest = path.substring("ops.".length());
            int dot = rest.indexOf('.');
            String ns = rest.substring(0, dot);
            String name = rest.substring(dot + 1);
            if (ns.equals("prim")) {
                return prim(name, args);
            }
            op = ns.equals("aten") ? name : ns + "::" + name;
        } else if (path.startsWith("math.")) {
            return Builtins.math(path.substring(5), args);
        } else {
            return builtin(path, args, kwargs);
        }
        if (op.equals("device") || op.equals("dtype") || op.equals("layout")) {
            return args.isEmpty() ? Value.UNKNOWN : args.get(0);
        }
        boolean tensors =
                args.stream().anyMatch(CodeCounter::holdsTensor)
                        || kwargs.values().stream().anyMatch(CodeCounter::holdsTensor);
        if (QUERIES.contains(op) || !tensors && Builtins.handles(op)) {
            return Builtins.torch(op, args, where);
        }
        return op(op, args, kwargs);
    }

    private static boolean holdsTensor(Object v) {
        return v instanceof Tensor
                || v instanceof OpRules.Packed
                || v instanceof List<?> l && l.stream().anyMatch(i -> i instanceof Tensor)
                || v instanceof Tuple t && t.items().stream().anyMatch(i -> i instanceof Tensor);
    }

    private Object builtin(String name, List<Object> args, Map<String, Object> kwargs) {
        return switch (name) {
            case "uninitialized" -> Value.UNKNOWN;
            case "getattr" -> attribute(args.get(0), (String) args.get(1));
            case "int", "float", "bool" -> Builtins.convert(name, args.get(0));
            case "range" -> Builtins.range(args, where);
            case "len" -> Builtins.torch("len", args, where);
            case "print" -> Value.NONE;
            case "str" -> String.valueOf(args.get(0));
            case "min", "max" -> Builtins.torch(name, args, where);
            case "enumerate" -> {
                List<Object> out = new ArrayList<>();
                List<?> items = iterate(args.get(0));
                for (int i = 0; i < items.size(); i++) {
                    out.add(Tuple.of((long) i, items.get(i)));
                }
                yield out;
            }
            case "zip" -> {
                List<Object> out = new ArrayList<>();
                List<?> a = iterate(args.get(0));
                List<?> b = iterate(args.get(1));
                for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                    out.add(Tuple.of(a.get(i), b.get(i)));
                }
                yield out;
            }
            default -> throw new Unresolved(where + ": unknown function " + name);
        };
    }

    private Object prim(String name, List<Object> args) {
        return switch (name) {
            case "NumToTensor" ->
                    new Tensor(
                            List.of(),
                            args.get(0) instanceof Double ? "float64" : "int64",
                            args.get(0));
            case "RaiseException" ->
                    throw new Unresolved(where + ": the code raises " + describe(args.get(0)));
            case "unchecked_unwrap_optional", "data", "unchecked_cast" -> args.get(0);
            case "dtype" -> args.get(0) instanceof Tensor t ? dtypeCode(t.dtype()) : Value.UNKNOWN;
            case "device" -> "cpu";
            case "is_cuda", "is_quantized", "requires_grad", "is_mkldnn", "is_sparse", "is_meta" ->
                    Boolean.FALSE;
            case "layout" -> 0L;
            case "shape" -> Builtins.torch("size", args, where);
            case "min", "max" -> Builtins.torch(name, args, where);
            case "TupleIndex" ->
                    ((Tuple) args.get(0))
                            .items()
                            .get(
                                    index(
                                            OpArgs.integer(args.get(1)),
                                            ((Tuple) args.get(0)).items().size()));
            case "Uninitialized" -> Value.UNKNOWN;
            case "rangelist" -> Builtins.range(args, where);
            default -> {
                notUnderstood.merge("prim::" + name, 1L, Long::sum);
                yield Value.UNKNOWN;
            }
        };
    }

    /** An operator call: its rule gives the output and the counts; without one it is listed. */
    private Object op(String op, List<Object> args, Map<String, Object> kwargs) {
        // arithmetic on 0-dimensional tensors holding known numbers (traced shape arithmetic) stays
        // known
        if (Builtins.handles(op)
                && !args.isEmpty()
                && args.stream().allMatch(a -> !(a instanceof Tensor t) || t.scalar() != null)) {
            List<Object> plain =
                    args.stream().map(a -> a instanceof Tensor t ? t.scalar() : a).toList();
            Object r = Builtins.torch(op, plain, where);
            if (r instanceof Long || r instanceof Double) {
                return new Tensor(List.of(), r instanceof Long ? "int64" : "float64", r);
            }
        }
        Optional<OpRule> rule = OpRules.find(op);
        if (rule.isEmpty()) {
            notUnderstood.merge(op, 1L, Long::sum);
            return Tensor.unknown(null);
        }
        OpArgs bound;
        try {
            bound = OpArgs.bind(rule.get(), args, kwargs);
        } catch (IllegalArgumentException e) {
            throw new Unresolved(where + ": " + e.getMessage());
        }
        Object out;
        OpRule.MacCount macs;
        try {
            out = OpRules.output(bound);
            macs = OpRules.macs(bound);
        } catch (IllegalArgumentException | IndexOutOfBoundsException | ClassCastException e) {
            throw new Unresolved(
                    where + ": " + op + " does not fit its arguments: " + e.getMessage());
        }
        Tally t = tallies.computeIfAbsent(op, k -> new Tally());
        t.calls++;
        if (macs.known()) {
            t.macs += macs.macs();
            if (rule.get().cost() == OpRule.Cost.MATRIX) {
                t.macsByDtype.merge(
                        Dtypes.computeFormat(OpRules.operandType(bound)), macs.macs(), Long::sum);
            }
        } else {
            t.unknown++;
            t.notes.add(macs.unknown());
        }
        if (macs.assumption() != null) {
            t.notes.add(macs.assumption());
        }
        t.elementwise += OpRules.elementwise(bound);
        return out;
    }

    private Object unary(String op, Object v) {
        if (v instanceof Tensor t) {
            return switch (op) {
                case "-" -> op("neg", List.of(t), Map.of());
                case "not" -> truth(t, "not") ? Boolean.FALSE : Boolean.TRUE;
                default -> t;
            };
        }
        return switch (op) {
            case "not" -> !truth(v, "not");
            case "-" -> Builtins.torch("neg", List.of(v), where);
            case "~" ->
                    v instanceof Long l
                            ? (Object) ~l
                            : v instanceof Boolean b ? (Object) !b : Value.UNKNOWN;
            default -> v;
        };
    }

    private static final Map<String, String> OPERATORS =
            Map.ofEntries(
                    Map.entry("+", "add"),
                    Map.entry("-", "sub"),
                    Map.entry("*", "mul"),
                    Map.entry("/", "div"),
                    Map.entry("//", "floordiv"),
                    Map.entry("%", "remainder"),
                    Map.entry("**", "pow"),
                    Map.entry("@", "matmul"),
                    Map.entry("==", "eq"),
                    Map.entry("!=", "ne"),
                    Map.entry("<", "lt"),
                    Map.entry("<=", "le"),
                    Map.entry(">", "gt"),
                    Map.entry(">=", "ge"),
                    Map.entry("is", "__is__"),
                    Map.entry("is not", "__isnot__"),
                    Map.entry("in", "__contains__"),
                    Map.entry("&", "__and__"),
                    Map.entry("|", "__or__"),
                    Map.entry("^", "__xor__"),
                    Map.entry("<<", "__lshift__"),
                    Map.entry(">>", "__rshift__"));

    private Object binary(String op, Object l, Object r) {
        if (op.equals("not in")) {
            return !truth(Builtins.torch("__contains__", List.of(r, l), where), "not in");
        }
        String name = OPERATORS.get(op);
        if (op.equals("in")) {
            return Builtins.torch("__contains__", List.of(r, l), where);
        }
        if (l instanceof Tensor || r instanceof Tensor) {
            return op(name.equals("floordiv") ? "floor_divide" : name, List.of(l, r), Map.of());
        }
        return Builtins.torch(name, List.of(l, r), where);
    }

    private static Object dtypeCode(String dtype) {
        for (long i = 0; Dtypes.known(i); i++) {
            if (Dtypes.name(i).equals(dtype)) {
                return i;
            }
        }
        return Value.UNKNOWN;
    }

    static String describe(Object v) {
        return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
    }

    // ---- parameters by storage ----

    /** The module tree's parameters and buffers, each storage once; packed weights beside them. */
    static final class Parameters {
        long parameters;
        long buffers;
        long packed;
        long parameterBytes;
        final Map<String, List<String>> shared = new TreeMap<>();
        final Set<String> stateStorages = new HashSet<>();
        Map<String, Ast.ClassDef> classes = Map.of();

        static Parameters of(TorchScriptArchive archive) {
            Parameters p = new Parameters();
            p.classes = archive.classes();
            Obj root = archive.root();
            Map<String, List<String>> byStorage = new LinkedHashMap<>();
            Map<String, StoredTensor> tensors = new LinkedHashMap<>();
            Set<String> bufferKeys = new HashSet<>();
            walk(root, "", byStorage, tensors, bufferKeys, new IdentityHashMap<>(), p);
            // a frozen file holds its weights as constants (CONSTANTS.cN), not in the module tree,
            // which then has no parameter left, and some are matrices; other files' constants are
            // small index vectors
            boolean frozen =
                    tensors.isEmpty()
                            && archive.constants().stream()
                                    .anyMatch(
                                            c ->
                                                    c instanceof StoredTensor t
                                                            && t.shape().size() >= 2);
            List<Object> constants = frozen ? archive.constants() : List.of();
            for (int i = 0; i < constants.size(); i++) {
                if (constants.get(i) instanceof StoredTensor t) {
                    String key = storage(t);
                    byStorage.computeIfAbsent(key, k -> new ArrayList<>()).add("CONSTANTS.c" + i);
                    tensors.putIfAbsent(key, t);
                }
            }
            tensors.forEach(
                    (key, t) -> {
                        if (bufferKeys.contains(key)) {
                            p.buffers += t.elements();
                        } else {
                            p.parameters += t.elements();
                            p.parameterBytes += t.elements() * Dtypes.bytes(t.dtype());
                        }
                    });
            byStorage.forEach(
                    (key, names) -> {
                        if (names.size() > 1) {
                            p.shared.put(key, List.copyOf(names));
                        }
                    });
            return p;
        }

        private static void walk(
                Obj o,
                String path,
                Map<String, List<String>> byStorage,
                Map<String, StoredTensor> tensors,
                Set<String> bufferKeys,
                IdentityHashMap<Obj, Boolean> seen,
                Parameters p) {
            if (seen.put(o, Boolean.TRUE) != null) {
                return;
            }
            if (o.className().startsWith("__torch__.torch.classes.")) {
                packed(o)
                        .ifPresent(
                                pk -> {
                                    boolean bias = pk.bias() != null && pk.bias().known();
                                    p.packed +=
                                            pk.weight().elements()
                                                    + (bias ? pk.bias().elements() : 0);
                                    p.parameterBytes +=
                                            pk.weight().elements()
                                                            * Dtypes.bytes(pk.weight().dtype())
                                                    + (bias
                                                            ? pk.bias().elements()
                                                                    * Dtypes.bytes(
                                                                            pk.bias().dtype())
                                                            : 0);
                                });
                return;
            }
            if (o.state() instanceof List<?> state) {
                // a module pickled by its own __getstate__ (quantized ones: weight, bias, settings)
                stateTensors(state, p);
            }
            List<String> params = p.declared(o, "__parameters__");
            List<String> buffers = p.declared(o, "__buffers__");
            for (Map.Entry<String, Object> e : o.attributes().entrySet()) {
                String name = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (e.getValue() instanceof StoredTensor t
                        && (params.contains(e.getKey()) || buffers.contains(e.getKey()))) {
                    String key = storage(t);
                    byStorage.computeIfAbsent(key, k -> new ArrayList<>()).add(name);
                    tensors.putIfAbsent(key, t);
                    if (buffers.contains(e.getKey())) {
                        bufferKeys.add(key);
                    }
                } else if (e.getValue() instanceof Obj child) {
                    walk(child, name, byStorage, tensors, bufferKeys, seen, p);
                }
            }
        }

        /** What makes two stored tensors one: the same storage, offset and shape. */
        private static String storage(StoredTensor t) {
            return t.storageKey() + "@" + t.offset() + t.shape();
        }

        /**
         * The tensors of a module's pickled state, counted as packed weights, each storage once.
         */
        private static void stateTensors(List<?> state, Parameters p) {
            for (Object v : state) {
                if (v instanceof StoredTensor t) {
                    if (p.stateStorages.add(storage(t))) {
                        p.packed += t.elements();
                        p.parameterBytes += t.elements() * Dtypes.bytes(t.dtype());
                    }
                } else if (v instanceof Object[] tuple) {
                    stateTensors(Arrays.asList(tuple), p);
                } else if (v instanceof List<?> list) {
                    stateTensors(list, p);
                }
            }
        }

        /** The names a module class declares in {@code __parameters__} or {@code __buffers__}. */
        private List<String> declared(Obj o, String field) {
            Ast.ClassDef c = classes.get(o.className());
            if (c == null) {
                return List.of();
            }
            for (Ast.Field f : c.fields()) {
                if (f.name().equals(field) && f.value() instanceof Ast.ListExpr l) {
                    return l.items().stream()
                            .map(i -> i instanceof Ast.Const k ? String.valueOf(k.value()) : "")
                            .toList();
                }
            }
            return List.of();
        }

        /**
         * Packed quantized weights: {@code (weight, bias)} for linear; version, settings and
         * tensors for convolutions.
         */
        static Optional<OpRules.Packed> packed(Obj o) {
            if (!(o.state() instanceof List<?> state) || state.isEmpty()) {
                return Optional.empty();
            }
            if (state.get(0) instanceof StoredTensor w) {
                return Optional.of(
                        new OpRules.Packed(
                                "linear",
                                new Tensor(w.shape(), w.dtype()),
                                state.size() > 1 && state.get(1) instanceof StoredTensor b
                                        ? new Tensor(b.shape(), b.dtype())
                                        : null,
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of(),
                                1,
                                false));
            }
            return ConvPacked.of(state);
        }
    }
}
