package org.effbench.counting;

import static org.effbench.counting.Shapes.product;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.effbench.counting.OpRule.Cost;
import org.effbench.counting.OpRule.MacCount;
import org.effbench.counting.OpRule.Macs;
import org.effbench.counting.OpRule.Output;
import org.effbench.counting.Value.Tensor;
import org.effbench.counting.Value.Tuple;

/**
 * The rule table: libtorch operator (aten namespace implied; other namespaces spelled out, e.g.
 * {@code quantized::linear_dynamic}) to {@link OpRule}. Adding an operator is one entry here plus
 * its test. Schemas are libtorch 2.7's ({@code native_functions.yaml}); an in-place variant ({@code
 * relu_}) shares its operator's rule.
 *
 * <p>Conventions: 1 MAC = one multiply-accumulate; counts include the batch. A convolution costs
 * output elements x (input channels / groups) x kernel; a transposed one input elements x (output
 * channels / groups) x kernel (each input element is scattered through the kernel); a recurrent
 * layer every weight matrix once per sample and step; attention QK^T and AV, L x S x E each.
 */
public final class OpRules {

    private static final Map<String, OpRule> RULES = new HashMap<>();

    /**
     * Thrown inside a rule when a shape or value it needs is not known; the output is then unknown.
     */
    static final class NotKnown extends RuntimeException {
        NotKnown() {
            super(null, null, false, false);
        }
    }

    private OpRules() {}

    /** The rule for {@code aten::x}, {@code x}, {@code x_} (in place) or {@code ns::x}. */
    public static Optional<OpRule> find(String operator) {
        String name = operator.startsWith("aten::") ? operator.substring(6) : operator;
        int dot = name.indexOf('.');
        if (dot > 0 && !name.contains("::")) {
            name = name.substring(0, dot); // an overload name: add.Tensor
        }
        OpRule rule = RULES.get(name);
        if (rule == null && name.endsWith("_") && !name.endsWith("__")) {
            rule = RULES.get(name.substring(0, name.length() - 1));
        }
        if (rule == null && name.startsWith("_") && !name.startsWith("__")) {
            rule =
                    RULES.get(
                            name.substring(1)); // private twins: _log_softmax, _adaptive_avg_pool2d
        }
        return Optional.ofNullable(rule);
    }

    /** Every operator name in the table. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(RULES.keySet());
    }

    /** The output of a call, or an unknown tensor when a shape it needs is not known. */
    public static Object output(OpArgs args) {
        OpRule rule = args.rule();
        if (rule.output() == null) {
            return Tensor.unknown(null);
        }
        try {
            return rule.output().of(args);
        } catch (NotKnown e) {
            return Tensor.unknown(null);
        }
    }

    /** The MACs of a call of a {@link Cost#MATRIX} operator (zero for others). */
    public static MacCount macs(OpArgs args) {
        OpRule rule = args.rule();
        if (rule.macs() == null) {
            return MacCount.exact(0);
        }
        try {
            return rule.macs().count(args);
        } catch (NotKnown e) {
            return MacCount.unknown("the shapes of " + rule.name() + "'s operands are not known");
        }
    }

    /**
     * Element-wise operations of a call: the per-element cost times its first tensor's elements (0
     * if unknown).
     */
    public static long elementwise(OpArgs args) {
        if (args.rule().perElement() == 0) {
            return 0;
        }
        for (Object v : args.all()) {
            if (v instanceof Tensor t && t.known()) {
                return args.rule().perElement() * t.elements();
            }
        }
        return 0;
    }

    /**
     * The type a {@link Cost#MATRIX} call multiplies in, from its operands (tensors, lists of them,
     * packed weights): a quantized operand makes it that integer type (a dynamically quantized
     * linear layer multiplies its fp32 input requantized to int8 by int8 weights); otherwise the
     * floating operands', which libtorch requires to agree (the narrowest is taken should the
     * count's types disagree; a boolean mask beside them does not count); otherwise the first
     * operand's. Null when no operand's type is known.
     */
    public static String operandType(OpArgs args) {
        List<String> types = new ArrayList<>();
        for (Object v : args.all()) {
            operandTypes(v, types);
        }
        String type = null;
        for (String t : types) {
            if (Dtypes.quantized(t)) {
                return t;
            }
            if (Dtypes.floating(t) && (type == null || Dtypes.bytes(t) < Dtypes.bytes(type))) {
                type = t;
            }
        }
        // no floating operand: an integer product (masks and indices beside floats do not count)
        return type != null || types.isEmpty() ? type : types.get(0);
    }

    private static void operandTypes(Object v, List<String> types) {
        if (v instanceof Tensor t && t.dtype() != null) {
            types.add(t.dtype());
        } else if (v instanceof Packed p && p.weight() != null && p.weight().dtype() != null) {
            types.add(p.weight().dtype());
        } else if (v instanceof List<?> l) {
            l.forEach(i -> operandTypes(i, types));
        } else if (v instanceof Tuple t) {
            t.items().forEach(i -> operandTypes(i, types));
        }
    }

    // ---- the shared formulas (also used by the zoo's per-layer counts) ----

    /**
     * A forward convolution: output elements x (input channels / groups) x kernel; weight (C_out,
     * C_in/g, k...).
     */
    public static long convolutionMacs(List<Long> weight, List<Long> output) {
        return product(output) * product(weight.subList(1, weight.size()));
    }

    /**
     * A transposed convolution: input elements x (C_out / g) x kernel; weight (C_in, C_out/g,
     * k...).
     */
    public static long transposedConvolutionMacs(List<Long> input, List<Long> weight) {
        return product(input) * product(weight.subList(1, weight.size()));
    }

    /** A linear layer: rows x in x out, for input (..., in) and weight (out, in). */
    public static long linearMacs(List<Long> input, List<Long> weight) {
        return product(input.subList(0, input.size() - 1)) * weight.get(0) * weight.get(1);
    }

    /** A recurrent layer: each weight matrix (rows x columns) once per sample and step. */
    public static long recurrentMacs(long samplesTimesSteps, List<List<Long>> weightMatrices) {
        long per = 0;
        for (List<Long> w : weightMatrices) {
            per += product(w);
        }
        return samplesTimesSteps * per;
    }

    /** Attention's two products: QK^T and weights x V, lead x L x S x (E_qk + E_v). */
    public static long attentionMacs(
            long lead, long queries, long keys, long qkWidth, long valueWidth) {
        return lead * queries * keys * (qkWidth + valueWidth);
    }

    /**
     * A matrix product with NumPy broadcasting of the leading dimensions (torch.matmul's
     * semantics).
     */
    public static long matmulMacs(List<Long> a, List<Long> b) {
        if (a.size() == 1 && b.size() == 1) {
            return a.get(0);
        }
        long k = Shapes.last(a);
        long m = a.size() >= 2 ? a.get(a.size() - 2) : 1;
        long n = b.size() >= 2 ? Shapes.last(b) : 1;
        List<Long> batchA = a.size() > 2 ? a.subList(0, a.size() - 2) : List.of();
        List<Long> batchB = b.size() > 2 ? b.subList(0, b.size() - 2) : List.of();
        return product(Shapes.broadcast(batchA, batchB)) * m * k * n;
    }

    static List<Long> matmulShape(List<Long> a, List<Long> b) {
        if (a.size() == 1 && b.size() == 1) {
            return List.of();
        }
        if (a.size() == 1) {
            List<Long> out = new ArrayList<>(b.subList(0, b.size() - 2));
            out.add(Shapes.last(b));
            return out;
        }
        if (b.size() == 1) {
            return a.subList(0, a.size() - 1);
        }
        List<Long> batchA = a.subList(0, a.size() - 2);
        List<Long> batchB = b.subList(0, b.size() - 2);
        List<Long> out = new ArrayList<>(Shapes.broadcast(batchA, batchB));
        out.add(a.get(a.size() - 2));
        out.add(Shapes.last(b));
        return out;
    }

    // ---- table construction ----

    private static OpRule add(String schema, Cost cost, int perElement, Macs macs, Output output) {
        int open = schema.indexOf('(');
        String name = schema.substring(0, open).strip();
        String inside = schema.substring(open + 1, schema.lastIndexOf(')')).strip();
        List<String> params = new ArrayList<>();
        Map<String, Object> defaults = new LinkedHashMap<>();
        boolean variadic = false;
        if (!inside.isEmpty()) {
            for (String p : splitTop(inside)) {
                p = p.strip();
                if (p.equals("...")) {
                    variadic = true;
                    continue;
                }
                int eq = p.indexOf('=');
                String n = eq < 0 ? p : p.substring(0, eq).strip();
                params.add(n);
                if (eq >= 0) {
                    defaults.put(n, literal(p.substring(eq + 1).strip()));
                }
            }
        }
        OpRule rule = new OpRule(name, params, defaults, cost, perElement, macs, output, variadic);
        if (RULES.put(name, rule) != null) {
            throw new IllegalStateException("operator " + name + " has two rules");
        }
        return rule;
    }

    private static List<String> splitTop(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    private static Object literal(String text) {
        return switch (text) {
            case "None" -> Value.NONE;
            case "True" -> Boolean.TRUE;
            case "False" -> Boolean.FALSE;
            default -> {
                if (text.startsWith("[")) {
                    String body = text.substring(1, text.length() - 1).strip();
                    yield body.isEmpty()
                            ? List.of()
                            : Arrays.stream(body.split(","))
                                    .map(String::strip)
                                    .map(OpRules::literal)
                                    .toList();
                }
                if (text.startsWith("\"")) {
                    yield text.substring(1, text.length() - 1);
                }
                yield text.contains(".") || text.contains("e")
                        ? (Object) Double.parseDouble(text)
                        : (Object) Long.parseLong(text);
            }
        };
    }

    private static void matrix(String schema, Macs macs, Output output) {
        add(schema, Cost.MATRIX, 0, macs, output);
    }

    private static void elementwise(int perElement, Output output, String... schemas) {
        for (String s : schemas) {
            add(s, Cost.ELEMENTWISE, perElement, null, output);
        }
    }

    private static void free(Output output, String... schemas) {
        for (String s : schemas) {
            add(s, Cost.FREE, 0, null, output);
        }
    }

    // ---- helpers for rules ----

    static List<Long> need(List<Long> v) {
        if (v == null) {
            throw new NotKnown();
        }
        return v;
    }

    static <T> T need(T v) {
        if (v == null) {
            throw new NotKnown();
        }
        return v;
    }

    private static Tensor tensorOf(OpArgs a, String name) {
        Tensor t = a.tensor(name);
        if (t == null || !t.known()) {
            throw new NotKnown();
        }
        return t;
    }

    /** The first argument, same shape and type: unary element-wise, norms, in-place ops. */
    private static final Output SAME =
            a -> {
                for (Object v : a.all()) {
                    if (v instanceof Tensor t) {
                        return new Tensor(need(t.shape()), t.dtype());
                    }
                }
                throw new NotKnown();
            };

    /**
     * Broadcast of every tensor argument: binary element-wise ops; the type {@code dtype}, or the
     * operands' promoted as PyTorch does (bf16 + fp32 is fp32).
     */
    private static Output broadcast(String dtype) {
        return a -> {
            List<Long> shape = null;
            String type = null;
            boolean scalar = true;
            for (Object v : a.all()) {
                if (v instanceof Tensor t) {
                    boolean first = shape == null;
                    shape = first ? need(t.shape()) : Shapes.broadcast(shape, need(t.shape()));
                    boolean zeroDim = t.shape().isEmpty();
                    type = first ? t.dtype() : Dtypes.promote(type, scalar, t.dtype(), zeroDim);
                    scalar = scalar && zeroDim;
                }
            }
            return new Tensor(need(shape), dtype != null ? dtype : type);
        };
    }

    private static final Output UNKNOWN_OUTPUT =
            a -> {
                throw new NotKnown();
            };

    private static List<Long> reduce(List<Long> shape, List<Long> dims, boolean keep) {
        if (dims == null || dims.isEmpty()) {
            return keep ? Collections.nCopies(shape.size(), 1L) : List.of();
        }
        Set<Integer> drop = new HashSet<>();
        for (long d : dims) {
            drop.add(Shapes.dim(d, shape.size()));
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < shape.size(); i++) {
            if (!drop.contains(i)) {
                out.add(shape.get(i));
            } else if (keep) {
                out.add(1L);
            }
        }
        return out;
    }

    private static Output reduction(String dimParam, String keepParam) {
        return a -> {
            Tensor self = tensorOf(a, "self");
            Object d = a.get(dimParam);
            List<Long> dims =
                    d == Value.NONE || d == Value.UNKNOWN && dimParam == null
                            ? null
                            : a.ints(dimParam);
            if (d != Value.NONE && dims == null && d != Value.UNKNOWN) {
                throw new NotKnown();
            }
            Boolean keep = keepParam == null ? Boolean.FALSE : a.bool(keepParam);
            return self.withShape(reduce(self.shape(), dims, keep != null && keep));
        };
    }

    private static List<Long> spatialOut(
            List<Long> in,
            List<Long> kernel,
            List<Long> stride,
            List<Long> padding,
            List<Long> dilation,
            boolean ceil) {
        int n = kernel.size();
        List<Long> s = stride == null || stride.isEmpty() ? kernel : Shapes.expand(stride, n);
        List<Long> p = Shapes.expand(padding, n);
        List<Long> d = Shapes.expand(dilation, n);
        List<Long> out = new ArrayList<>(in.subList(0, in.size() - n));
        for (int i = 0; i < n; i++) {
            out.add(
                    Shapes.window(
                            in.get(in.size() - n + i),
                            kernel.get(i),
                            s.get(i),
                            p.get(i),
                            d.get(i),
                            ceil));
        }
        return out;
    }

    // ---- convolutions ----

    /**
     * A convolution call, forward or transposed. The input's shape and the weight's are needed; a
     * forward convolution's output size comes from the trace or from stride, padding and dilation;
     * groups, when not an argument, from the channels.
     */
    private static MacCount convolutionCount(OpArgs a, Boolean transposedRule) {
        List<Long> in = need(a.shape("input"));
        List<Long> w = need(a.shape("weight"));
        if (in.size() != w.size() && in.size() != w.size() - 1) {
            throw new IllegalArgumentException(
                    "convolution input " + in + " and weight " + w + " do not fit");
        }
        Boolean transposed = transposedRule != null ? transposedRule : a.bool("transposed");
        if (transposed == null) {
            return MacCount.unknown("whether this convolution is transposed is not known");
        }
        if (transposed) {
            return MacCount.exact(transposedConvolutionMacs(in, w));
        }
        List<Long> out = a.knownOutput();
        if (out == null) {
            try {
                out = convolutionOutput(a, false);
            } catch (NotKnown e) {
                return MacCount.unknown("the output size of the convolution is not known");
            }
        }
        return MacCount.exact(convolutionMacs(w, out));
    }

    private static List<Long> convolutionOutput(OpArgs a, boolean transposed) {
        List<Long> in = need(a.shape("input"));
        List<Long> w = need(a.shape("weight"));
        int n = w.size() - 2;
        List<Long> kernel = w.subList(2, w.size());
        List<Long> stride = Shapes.expand(need(a.ints("stride")), n);
        List<Long> dilation = Shapes.expand(need(a.ints("dilation")), n);
        long groups = need(a.integer("groups"));
        List<Long> out = new ArrayList<>(in.subList(0, in.size() - n - 1));
        if (transposed) {
            List<Long> padding = Shapes.expand(need(a.ints("padding")), n);
            List<Long> outputPadding = Shapes.expand(need(a.ints("output_padding")), n);
            out.add(w.get(1) * groups);
            for (int i = 0; i < n; i++) {
                out.add(
                        Shapes.transposedWindow(
                                in.get(in.size() - n + i),
                                kernel.get(i),
                                stride.get(i),
                                padding.get(i),
                                outputPadding.get(i),
                                dilation.get(i)));
            }
            return out;
        }
        if (in.get(in.size() - n - 1) != w.get(1) * groups) {
            throw new IllegalArgumentException(
                    "convolution input "
                            + in
                            + " does not fit weight "
                            + w
                            + " with "
                            + groups
                            + " group(s)");
        }
        out.add(w.get(0));
        String mode = a.string("padding");
        for (int i = 0; i < n; i++) {
            long size = in.get(in.size() - n + i);
            if ("same".equals(mode)) {
                out.add(size);
            } else {
                List<Long> padding = "valid".equals(mode) ? List.of(0L) : need(a.ints("padding"));
                out.add(
                        Shapes.window(
                                size,
                                kernel.get(i),
                                stride.get(i),
                                Shapes.expand(padding, n).get(i),
                                dilation.get(i),
                                false));
            }
        }
        return out;
    }

    private static Output convolutionShape(Boolean transposedRule) {
        return a -> {
            Boolean t = transposedRule != null ? transposedRule : a.bool("transposed");
            return tensorOf(a, "input").withShape(convolutionOutput(a, need(t)));
        };
    }

    // ---- recurrent and attention ----

    /**
     * torch.lstm / gru / rnn over a whole sequence: params are the weight matrices and biases,
     * layer by layer.
     */
    private static MacCount recurrentCount(OpArgs a) {
        List<Long> in = need(a.shape("input"));
        List<Tensor> params = need(a.tensors("params"));
        List<List<Long>> matrices = new ArrayList<>();
        for (Tensor p : params) {
            if (need(p.shape()).size() == 2) {
                matrices.add(p.shape());
            }
        }
        return MacCount.exact(recurrentMacs(product(in.subList(0, in.size() - 1)), matrices));
    }

    private static Output recurrentShape(int states) {
        return a -> {
            Tensor in = tensorOf(a, "input");
            List<Tensor> hx = a.tensors("hx");
            Tensor h0 = hx != null ? hx.get(0) : a.tensor("hx");
            Tensor state = need(h0);
            long directions = Boolean.TRUE.equals(a.bool("bidirectional")) ? 2 : 1;
            List<Long> stateShape = need(state.shape());
            long hidden = Shapes.last(stateShape);
            List<Long> out = new ArrayList<>(in.shape().subList(0, in.shape().size() - 1));
            out.add(directions * hidden);
            List<Object> items = new ArrayList<>();
            items.add(in.withShape(out));
            for (int i = 0; i < states; i++) {
                items.add(hx != null && hx.size() > i ? hx.get(i) : state);
            }
            return new Tuple(items);
        };
    }

    private static MacCount attentionCount(OpArgs a) {
        List<Long> q = need(a.shape("query"));
        List<Long> k = need(a.shape("key"));
        List<Long> v = need(a.shape("value"));
        long lead =
                product(Shapes.broadcast(q.subList(0, q.size() - 2), k.subList(0, k.size() - 2)));
        return MacCount.exact(
                attentionMacs(
                        lead,
                        q.get(q.size() - 2),
                        k.get(k.size() - 2),
                        Shapes.last(q),
                        Shapes.last(v)));
    }

    private static final Output ATTENTION_SHAPE =
            a -> {
                List<Long> q = need(a.shape("query"));
                List<Long> v = need(a.shape("value"));
                List<Long> out = new ArrayList<>(q.subList(0, q.size() - 1));
                out.add(Shapes.last(v));
                return tensorOf(a, "query").withShape(out);
            };

    // ---- views ----

    private static List<Long> view(List<Long> from, List<Long> sizes) {
        List<Long> out = new ArrayList<>(sizes);
        int unknown = out.indexOf(-1L);
        if (unknown >= 0) {
            long known = 1;
            for (int i = 0; i < out.size(); i++) {
                if (i != unknown) {
                    known *= out.get(i);
                }
            }
            out.set(unknown, known == 0 ? 0 : product(from) / known);
        }
        if (product(out) != product(from)) {
            throw new IllegalArgumentException("cannot view " + from + " as " + sizes);
        }
        return out;
    }

    private static List<Long> flatten(List<Long> s, long start, long end) {
        if (s.isEmpty()) {
            return List.of(1L);
        }
        int a = Shapes.dim(start, s.size());
        int b = Shapes.dim(end, s.size());
        List<Long> out = new ArrayList<>(s.subList(0, a));
        out.add(product(s.subList(a, b + 1)));
        out.addAll(s.subList(b + 1, s.size()));
        return out;
    }

    private static List<Object> pieces(Tensor t, int dim, List<Long> sizes) {
        List<Object> out = new ArrayList<>();
        for (long size : sizes) {
            List<Long> s = new ArrayList<>(t.shape());
            s.set(dim, size);
            out.add(t.withShape(s));
        }
        return out;
    }

    /** Splits {@code self} along {@code dim}; {@code sizes} gets the arguments and that length. */
    private static Output chunks(BiFunction<OpArgs, Long, List<Long>> sizes) {
        return a -> {
            Tensor self = tensorOf(a, "self");
            int dim = Shapes.dim(need(a.integer("dim")), self.shape().size());
            return pieces(self, dim, sizes.apply(a, need(self.shape()).get(dim)));
        };
    }

    /** {@code size} cut into pieces of {@code each}, the last one shorter if need be. */
    private static List<Long> even(long size, long each) {
        List<Long> sizes = new ArrayList<>();
        for (long left = size; left > 0; left -= each) {
            sizes.add(Math.min(each, left));
        }
        return sizes;
    }

    private static Output pool(boolean withIndices) {
        return a -> {
            Tensor self = tensorOf(a, "self");
            List<Long> kernel = need(a.ints("kernel_size"));
            List<Long> stride = need(a.ints("stride"));
            List<Long> dilation = a.ints("dilation") == null ? List.of(1L) : a.ints("dilation");
            Boolean ceil = a.bool("ceil_mode");
            int n = a.rule().name().contains("1d") ? 1 : a.rule().name().contains("3d") ? 3 : 2;
            List<Long> out =
                    spatialOut(
                            self.shape(),
                            Shapes.expand(kernel, n),
                            stride.isEmpty() ? null : Shapes.expand(stride, n),
                            need(a.ints("padding")),
                            dilation,
                            ceil != null && ceil);
            Tensor t = self.withShape(out);
            return withIndices ? Tuple.of(t, new Tensor(out, "int64")) : t;
        };
    }

    private static Output adaptivePool(boolean withIndices) {
        return a -> {
            Tensor self = tensorOf(a, "self");
            List<Long> size = need(a.ints("output_size"));
            List<Long> out =
                    new ArrayList<>(self.shape().subList(0, self.shape().size() - size.size()));
            for (int i = 0; i < size.size(); i++) {
                out.add(
                        size.get(i) == null
                                ? self.shape().get(self.shape().size() - size.size() + i)
                                : size.get(i));
            }
            Tensor t = self.withShape(out);
            return withIndices ? Tuple.of(t, new Tensor(out, "int64")) : t;
        };
    }

    private static Output newShape(String param, String dtype) {
        return a -> new Tensor(need(a.ints(param)), dtype);
    }

    static {
        // ---- matrix products ----
        matrix(
                "linear(input, weight, bias=None)",
                a -> MacCount.exact(linearMacs(need(a.shape("input")), need(a.shape("weight")))),
                a -> {
                    Tensor in = tensorOf(a, "input");
                    List<Long> w = need(a.shape("weight"));
                    if (Shapes.last(in.shape()) != Shapes.last(w)) {
                        throw new IllegalArgumentException(
                                "linear input " + in.shape() + " does not fit weight " + w);
                    }
                    List<Long> out = new ArrayList<>(in.shape().subList(0, in.shape().size() - 1));
                    out.add(w.get(0));
                    return in.withShape(out);
                });
        matrix(
                "mkldnn_linear(self, weight, bias=None)",
                a -> MacCount.exact(linearMacs(need(a.shape("self")), need(a.shape("weight")))),
                null);
        Macs mat12 = a -> MacCount.exact(matmulMacs(need(a.shape("mat1")), need(a.shape("mat2"))));
        Output mat12Shape =
                a ->
                        tensorOf(a, "mat1")
                                .withShape(
                                        matmulShape(need(a.shape("mat1")), need(a.shape("mat2"))));
        matrix("addmm(self, mat1, mat2, beta=1, alpha=1)", mat12, mat12Shape);
        matrix(
                "_addmm_activation(self, mat1, mat2, beta=1, alpha=1, use_gelu=False)",
                mat12,
                mat12Shape);
        Macs selfOther =
                a -> MacCount.exact(matmulMacs(need(a.shape("self")), need(a.shape("other"))));
        Output selfOtherShape =
                a ->
                        tensorOf(a, "self")
                                .withShape(
                                        matmulShape(need(a.shape("self")), need(a.shape("other"))));
        matrix("mm(self, other)", selfOther, selfOtherShape);
        matrix("bmm(self, other)", selfOther, selfOtherShape);
        matrix("matmul(self, other)", selfOther, selfOtherShape);
        matrix("mv(self, other)", selfOther, selfOtherShape);
        matrix("dot(self, other)", selfOther, selfOtherShape);
        matrix("vdot(self, other)", selfOther, selfOtherShape);
        Macs batch12 =
                a -> MacCount.exact(matmulMacs(need(a.shape("batch1")), need(a.shape("batch2"))));
        matrix(
                "baddbmm(self, batch1, batch2, beta=1, alpha=1)",
                batch12,
                a ->
                        tensorOf(a, "batch1")
                                .withShape(
                                        matmulShape(
                                                need(a.shape("batch1")), need(a.shape("batch2")))));
        matrix(
                "addbmm(self, batch1, batch2, beta=1, alpha=1)",
                batch12,
                a -> {
                    List<Long> s = matmulShape(need(a.shape("batch1")), need(a.shape("batch2")));
                    return tensorOf(a, "batch1").withShape(s.subList(1, s.size()));
                });
        matrix(
                "addmv(self, mat, vec, beta=1, alpha=1)",
                a -> MacCount.exact(matmulMacs(need(a.shape("mat")), need(a.shape("vec")))),
                a -> tensorOf(a, "mat").withShape(List.of(need(a.shape("mat")).get(0))));
        matrix("einsum(equation, tensors, path=None)", Einsum::macs, Einsum::output);

        // ---- convolutions ----
        Macs conv = a -> convolutionCount(a, Boolean.FALSE);
        Macs deconv = a -> convolutionCount(a, Boolean.TRUE);
        Macs either = a -> convolutionCount(a, null);
        for (String d : List.of("1d", "2d", "3d")) {
            matrix(
                    "conv"
                            + d
                            + "(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)",
                    conv,
                    convolutionShape(false));
            matrix(
                    "conv_transpose"
                            + d
                            + "(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1)",
                    deconv,
                    convolutionShape(true));
        }
        matrix(
                "convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding, groups)",
                either,
                convolutionShape(null));
        matrix(
                "_convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding, groups, "
                        + "benchmark, deterministic, cudnn_enabled, allow_tf32)",
                either,
                convolutionShape(null));
        matrix(
                "_convolution_mode(input, weight, bias, stride, padding, dilation, groups)",
                conv,
                convolutionShape(false));
        // libtorch's CPU kernels under the dispatchers above, as the trace shows them (counted only
        // when outermost)
        matrix(
                "mkldnn_convolution(input, weight, bias, padding, stride, dilation, groups)",
                conv,
                null);
        matrix(
                "thnn_conv2d(input, weight, kernel_size, bias=None, stride=1, padding=0)",
                conv,
                null);
        matrix(
                "_slow_conv2d_forward(input, weight, kernel_size, bias, stride, padding)",
                conv,
                null);
        matrix(
                "slow_conv_dilated2d(input, weight, kernel_size, bias=None, stride=1, padding=0, dilation=1)",
                conv,
                null);
        matrix("_nnpack_spatial_convolution(input, weight, bias, padding, stride=1)", conv, null);
        matrix(
                "slow_conv_transpose2d(input, weight, kernel_size, bias=None, stride=1, padding=0, output_padding=0, dilation=1)",
                deconv,
                null);
        matrix(
                "slow_conv_transpose3d(input, weight, kernel_size, bias=None, stride=1, padding=0, output_padding=0, dilation=1)",
                deconv,
                null);

        // ---- recurrent layers and attention ----
        for (String r : List.of("lstm", "gru", "rnn_tanh", "rnn_relu")) {
            matrix(
                    r
                            + "(input, hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first)",
                    OpRules::recurrentCount,
                    recurrentShape(r.equals("lstm") ? 2 : 1));
        }
        matrix(
                "mkldnn_rnn_layer(input, weight0, weight1, weight2, weight3, hx_, cx_, reverse, batch_sizes, mode, "
                        + "hidden_size, num_layers, has_biases, bidirectional, batch_first, train)",
                a -> {
                    List<Long> in = need(a.shape("input"));
                    return MacCount.exact(
                            recurrentMacs(
                                    product(in.subList(0, in.size() - 1)),
                                    List.of(need(a.shape("weight0")), need(a.shape("weight1")))));
                },
                null);
        matrix(
                "scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None, "
                        + "enable_gqa=False)",
                OpRules::attentionCount,
                ATTENTION_SHAPE);
        matrix(
                "_scaled_dot_product_flash_attention_for_cpu(query, key, value, dropout_p=0.0, is_causal=False, "
                        + "attn_mask=None, scale=None)",
                OpRules::attentionCount,
                null);
        matrix(
                "_scaled_dot_product_attention_math(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, "
                        + "dropout_mask=None, scale=None, enable_gqa=False)",
                OpRules::attentionCount,
                null);
        matrix(
                "_native_multi_head_attention(query, key, value, embed_dim, num_head, qkv_weight, qkv_bias, proj_weight, "
                        + "proj_bias, mask=None, need_weights=True, average_attn_weights=True, mask_type=None)",
                a -> {
                    List<Long> q = need(a.shape("query"));
                    List<Long> k = need(a.shape("key"));
                    long e = need(a.shape("proj_weight")).get(0);
                    long batch = product(q.subList(0, q.size() - 2));
                    long l = q.get(q.size() - 2);
                    long s = k.get(k.size() - 2);
                    // q, k, v projections, the two attention products, the output projection
                    return MacCount.exact(
                            batch * (l * e * e + 2 * s * e * e + 2 * l * s * e + l * e * e));
                },
                a -> {
                    Tensor q = tensorOf(a, "query");
                    List<Long> k = need(a.shape("key"));
                    List<Long> s = q.shape();
                    Long heads = a.integer("num_head");
                    List<Long> weights = new ArrayList<>(s.subList(0, s.size() - 2));
                    if (!Boolean.TRUE.equals(a.bool("average_attn_weights")) && heads != null) {
                        weights.add(heads);
                    }
                    weights.add(s.get(s.size() - 2));
                    weights.add(k.get(k.size() - 2));
                    return Tuple.of(
                            q.withShape(s),
                            Boolean.FALSE.equals(a.bool("need_weights"))
                                    ? new Tensor(List.of(0L), q.dtype())
                                    : q.withShape(weights));
                });
        matrix(
                "_transformer_encoder_layer_fwd(src, embed_dim, num_heads, qkv_weight, qkv_bias, proj_weight, proj_bias, "
                        + "use_gelu, norm_first, eps, norm_weight_1, norm_bias_1, norm_weight_2, norm_bias_2, ffn_weight_1, "
                        + "ffn_bias_1, ffn_weight_2, ffn_bias_2, mask=None, mask_type=None)",
                a -> {
                    List<Long> src = need(a.shape("src"));
                    long e = Shapes.last(src);
                    long l = src.get(src.size() - 2);
                    long rows = product(src.subList(0, src.size() - 1));
                    long batch = product(src.subList(0, src.size() - 2));
                    List<Long> f1 = need(a.shape("ffn_weight_1"));
                    List<Long> f2 = need(a.shape("ffn_weight_2"));
                    long projections =
                            rows
                                    * (need(a.shape("qkv_weight")).get(0) * e
                                            + need(a.shape("proj_weight")).get(0) * e);
                    return MacCount.exact(
                            projections
                                    + batch * 2 * l * l * e
                                    + rows * (product(f1) + product(f2)));
                },
                SAME);

        // ---- quantized operators: weights packed in the archive (the code counter reads them)
        // ----
        Macs packedLinear =
                a ->
                        a.get("W_prepack") instanceof Packed p && p.weight().known()
                                ? MacCount.exact(linearMacs(need(a.shape("X")), p.weight().shape()))
                                : MacCount.unknown("the packed weight's shape is not in the trace");
        Output packedLinearShape =
                a -> {
                    Tensor x = tensorOf(a, "X");
                    Packed p = a.get("W_prepack") instanceof Packed pp ? pp : null;
                    List<Long> out = new ArrayList<>(x.shape().subList(0, x.shape().size() - 1));
                    out.add(need(need(p).weight().shape()).get(0));
                    return new Tensor(
                            out, a.rule().name().endsWith("dynamic") ? "float32" : x.dtype());
                };
        for (String q : List.of("linear_dynamic", "linear_relu_dynamic")) {
            matrix(
                    "quantized::" + q + "(X, W_prepack, reduce_range=False)",
                    packedLinear,
                    packedLinearShape);
        }
        for (String q : List.of("linear", "linear_relu")) {
            matrix(
                    "quantized::" + q + "(X, W_prepack, Y_scale_i, Y_zero_point_i)",
                    packedLinear,
                    packedLinearShape);
        }
        Macs packedConv =
                a -> {
                    if (!(a.get("packed_weight") instanceof Packed p) || !p.weight().known()) {
                        return MacCount.unknown("the packed weight's shape is not in the trace");
                    }
                    return MacCount.exact(
                            p.transposed()
                                    ? transposedConvolutionMacs(
                                            need(a.shape("qx")), p.weight().shape())
                                    : convolutionMacs(
                                            p.weight().shape(), need(packedConvOutput(a, p))));
                };
        Output packedConvShape =
                a ->
                        tensorOf(a, "qx")
                                .withShape(
                                        packedConvOutput(
                                                a,
                                                need(
                                                        a.get("packed_weight") instanceof Packed p
                                                                ? p
                                                                : null)));
        for (String q :
                List.of(
                        "conv1d",
                        "conv2d",
                        "conv3d",
                        "conv1d_relu",
                        "conv2d_relu",
                        "conv3d_relu",
                        "conv_transpose1d",
                        "conv_transpose2d",
                        "conv_transpose3d")) {
            matrix(
                    "quantized::" + q + "(qx, packed_weight, output_scale, output_zero_point)",
                    packedConv,
                    packedConvShape);
        }

        // packing: a quantized module's own __setstate__ packs its weights when the file is loaded
        // (FX-quantized and eager modules store weight and bias, not the packed object)
        for (int d = 1; d <= 3; d++) {
            int dims = d;
            free(
                    a -> packedConvolution(a, dims, false),
                    "quantized::conv"
                            + d
                            + "d_prepack(weight, bias, stride, padding, dilation,"
                            + " groups)");
            free(
                    a -> packedConvolution(a, dims, true),
                    "quantized::conv_transpose"
                            + d
                            + "d_prepack(weight, bias, stride, padding, output_padding, dilation,"
                            + " groups)");
        }
        free(
                a ->
                        new Packed(
                                "linear",
                                need(a.tensor("W")),
                                a.tensor("B"),
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of(),
                                1,
                                false),
                "quantized::linear_prepack(W, B=None)",
                "quantized::linear_prepack_fp16(W, B=None)");

        // quantized arithmetic: the aten ops' work on int8 values (a fused relu is one more op)
        elementwise(
                1,
                broadcast(null),
                "quantized::add(self, other, scale, zero_point)",
                "quantized::mul(self, other, scale, zero_point)",
                "quantized::add_scalar(self, other)",
                "quantized::mul_scalar(self, other)");
        elementwise(
                2,
                broadcast(null),
                "quantized::add_relu(self, other, scale, zero_point)",
                "quantized::mul_relu(self, other, scale, zero_point)",
                "quantized::add_scalar_relu(self, other)",
                "quantized::mul_scalar_relu(self, other)");
        elementwise(
                1,
                SAME,
                "quantized::relu6(self, inplace=False)",
                "quantized::hardswish(self, output_scale, output_zero_point)",
                "quantized::sigmoid(self, output_scale, output_zero_point)",
                "quantized::leaky_relu(self, negative_slope, inplace, output_scale,"
                        + " output_zero_point)");

        // ---- element-wise: norms, activations, arithmetic, pooling ----
        elementwise(
                1,
                SAME,
                "relu(self)",
                "relu6(self)",
                "hardtanh(self, min_val=-1.0, max_val=1.0)",
                "gelu(self, approximate=\"none\")",
                "tanh(self)",
                "sigmoid(self)",
                "silu(self)",
                "hardswish(self)",
                "hardsigmoid(self)",
                "mish(self)",
                "elu(self, alpha=1.0, scale=1.0, input_scale=1.0)",
                "leaky_relu(self, negative_slope=0.01)",
                "softplus(self, beta=1.0, threshold=20.0)",
                "sqrt(self)",
                "rsqrt(self)",
                "exp(self)",
                "log(self)",
                "neg(self)",
                "abs(self)",
                "erf(self)",
                "sin(self)",
                "cos(self)",
                "reciprocal(self)",
                "sign(self)",
                "floor(self)",
                "ceil(self)",
                "round(self)",
                "clamp(self, min=None, max=None)",
                "clamp_min(self, min)",
                "clamp_max(self, max)",
                "cumsum(self, dim, dtype=None)",
                "quantize_per_tensor(self, scale, zero_point, dtype)",
                "quantize_per_tensor_dynamic(self, dtype, reduce_range)",
                "dequantize(self)",
                "logical_not(self)",
                "bitwise_not(self)",
                "nan_to_num(self, nan=None, posinf=None, neginf=None)",
                "prelu(self, weight)",
                "threshold(self, threshold, value)",
                "log_sigmoid(self)",
                "glu(self, dim=-1)",
                "square(self)",
                "lerp(self, end, weight)");
        RULES.put(
                "quantize_per_tensor",
                withOutput(
                        RULES.get("quantize_per_tensor"),
                        a -> {
                            Tensor t = tensorOf(a, "self");
                            Long dtype = a.integer("dtype");
                            return new Tensor(
                                    t.shape(), dtype == null ? "quint8" : Dtypes.name(dtype));
                        }));
        RULES.put(
                "dequantize",
                withOutput(
                        RULES.get("dequantize"),
                        a -> new Tensor(tensorOf(a, "self").shape(), "float32")));
        elementwise(
                1,
                broadcast(null),
                "add(self, other, alpha=1)",
                "sub(self, other, alpha=1)",
                "rsub(self, other, alpha=1)",
                "mul(self, other)",
                "div(self, other, rounding_mode=None)",
                "floor_divide(self, other)",
                "remainder(self, other)",
                "fmod(self, other)",
                "pow(self, exponent)",
                "maximum(self, other)",
                "minimum(self, other)",
                "atan2(self, other)",
                "where(condition, self, other)",
                "masked_fill(self, mask, value)",
                "addcmul(self, tensor1, tensor2, value=1)",
                "addcdiv(self, tensor1, tensor2, value=1)",
                "true_divide(self, other)",
                "bitwise_and(self, other)",
                "bitwise_or(self, other)",
                "logical_and(self, other)",
                "logical_or(self, other)",
                "xlogy(self, other)");
        elementwise(
                1,
                broadcast("bool"),
                "eq(self, other)",
                "ne(self, other)",
                "lt(self, other)",
                "gt(self, other)",
                "le(self, other)",
                "ge(self, other)",
                "isnan(self)");
        elementwise(
                3, SAME, "softmax(self, dim, dtype=None)", "log_softmax(self, dim, dtype=None)");
        elementwise(
                2,
                SAME,
                "batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn_enabled)",
                "native_batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps)",
                "_native_batch_norm_legit_no_training(input, weight, bias, running_mean, running_var, momentum, eps)",
                "_batch_norm_impl_index(input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn_enabled)",
                "quantized::batch_norm2d(qx, weight, bias, mean, var, eps, output_scale, output_zero_point)");
        elementwise(
                5,
                SAME,
                "layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05, cudnn_enable=True)",
                "native_layer_norm(input, normalized_shape, weight, bias, eps)",
                "group_norm(input, num_groups, weight=None, bias=None, eps=1e-05, cudnn_enabled=True)",
                "instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps, cudnn_enabled)");
        elementwise(
                1,
                reduction("dim", "keepdim"),
                "sum(self, dim=None, keepdim=False, dtype=None)",
                "mean(self, dim=None, keepdim=False, dtype=None)",
                "amax(self, dim=[], keepdim=False)",
                "amin(self, dim=[], keepdim=False)",
                "prod(self, dim=None, keepdim=False, dtype=None)",
                "logsumexp(self, dim, keepdim=False)",
                "std(self, dim=None, unbiased=True, keepdim=False)",
                "var(self, dim=None, unbiased=True, keepdim=False)",
                "all(self, dim=None, keepdim=False)",
                "any(self, dim=None, keepdim=False)",
                "argmax(self, dim=None, keepdim=False)",
                "argmin(self, dim=None, keepdim=False)",
                "norm(self, p=2, dim=None, keepdim=False, dtype=None)",
                "linalg_vector_norm(self, ord=2, dim=None, keepdim=False, dtype=None)");
        elementwise(
                1,
                a -> {
                    Tensor self = tensorOf(a, "self");
                    Object other = a.get("other");
                    if (other instanceof Tensor t) {
                        return self.withShape(Shapes.broadcast(self.shape(), need(t.shape())));
                    }
                    if (other == Value.UNKNOWN || other == Value.NONE) {
                        return self.withShape(List.of());
                    }
                    Long dim = need(a.integer("other"));
                    Boolean keep = a.bool("keepdim");
                    List<Long> s = reduce(self.shape(), List.of(dim), keep != null && keep);
                    return Tuple.of(self.withShape(s), new Tensor(s, "int64"));
                },
                "max(self, other=None, keepdim=False)",
                "min(self, other=None, keepdim=False)");
        elementwise(
                1,
                a -> {
                    Tensor self = tensorOf(a, "self");
                    int dim = Shapes.dim(need(a.integer("dim")), self.shape().size());
                    List<Long> s = new ArrayList<>(self.shape());
                    s.set(dim, need(a.integer("k")));
                    return Tuple.of(self.withShape(s), new Tensor(s, "int64"));
                },
                "topk(self, k, dim=-1, largest=True, sorted=True)");
        elementwise(
                1,
                pool(false),
                "max_pool1d(self, kernel_size, stride=[], padding=0, dilation=1, ceil_mode=False)",
                "max_pool2d(self, kernel_size, stride=[], padding=0, dilation=1, ceil_mode=False)",
                "max_pool3d(self, kernel_size, stride=[], padding=0, dilation=1, ceil_mode=False)",
                "mkldnn_max_pool2d(self, kernel_size, stride=[], padding=0, dilation=1, ceil_mode=False)",
                "quantized_max_pool2d(self, kernel_size, stride=[], padding=0, dilation=1, ceil_mode=False)",
                "avg_pool1d(self, kernel_size, stride=[], padding=0, ceil_mode=False, count_include_pad=True)",
                "avg_pool2d(self, kernel_size, stride=[], padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)",
                "avg_pool3d(self, kernel_size, stride=[], padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)");
        elementwise(
                1,
                pool(true),
                "max_pool2d_with_indices(self, kernel_size, stride=[], padding=0, dilation=1, ceil_mode=False)");
        elementwise(
                1,
                adaptivePool(false),
                "adaptive_avg_pool1d(self, output_size)",
                "adaptive_avg_pool2d(self, output_size)",
                "adaptive_avg_pool3d(self, output_size)",
                "mkldnn_adaptive_avg_pool2d(self, output_size)");
        elementwise(
                1,
                adaptivePool(true),
                "adaptive_max_pool1d(self, output_size)",
                "adaptive_max_pool2d(self, output_size)");
        elementwise(
                1,
                a -> {
                    Tensor self = tensorOf(a, "self");
                    List<Long> size = a.ints("output_size");
                    List<Long> s = new ArrayList<>(self.shape().subList(0, 2));
                    if (size != null) {
                        s.addAll(size);
                    } else {
                        Object scales = a.get("scale_factors");
                        List<?> f = scales instanceof List<?> l ? l : null;
                        for (int i = 2; i < self.shape().size(); i++) {
                            Object fi = need(f).get(i - 2);
                            s.add(
                                    (long)
                                            Math.floor(
                                                    self.shape().get(i)
                                                            * ((Number) fi).doubleValue()));
                        }
                    }
                    return self.withShape(s);
                },
                "upsample_nearest1d(self, output_size, scale_factors=None)",
                "upsample_nearest2d(self, output_size, scale_factors=None)",
                "upsample_nearest3d(self, output_size, scale_factors=None)",
                "upsample_bilinear2d(self, output_size, align_corners, scale_factors=None)",
                "upsample_linear1d(self, output_size, align_corners, scale_factors=None)",
                "upsample_bicubic2d(self, output_size, align_corners, scale_factors=None)");

        // ---- free: views, copies, allocation, indexing, shape queries ----
        free(
                SAME,
                "contiguous(self, memory_format=0)",
                "clone(self, memory_format=None)",
                "detach(self)",
                "alias(self)",
                "dropout(input, p, train)",
                "feature_dropout(input, p, train)",
                "alpha_dropout(input, p, train)",
                "feature_alpha_dropout(input, p, train)",
                "zeros_like(self, ...)",
                "ones_like(self, ...)",
                "empty_like(self, ...)",
                "full_like(self, fill_value, ...)",
                "rand_like(self, ...)",
                "randn_like(self, ...)",
                "fill_(self, value)",
                "zero_(self)",
                "lift_fresh(self)",
                "resolve_conj(self)",
                "resolve_neg(self)",
                "roll(self, shifts, dims=[])",
                "flip(self, dims)",
                "channel_shuffle(self, groups)",
                "native_channel_shuffle(self, groups)",
                "copy_(self, src, non_blocking=False)",
                "to_dense(self, ...)",
                "to_mkldnn(self, ...)",
                "requires_grad_(self, requires_grad=True)",
                "_unsafe_view(self, size)",
                "index_put_(self, indices, values, accumulate=False)",
                "set_(self, ...)",
                "masked_fill_(self, mask, value)",
                "int_repr(self)",
                "tril(self, diagonal=0)",
                "triu(self, diagonal=0)");
        free(
                a -> {
                    Tensor self = tensorOf(a, "self");
                    List<Object> rest = a.all().subList(1, a.all().size());
                    // to(self, dtype, ...), to(self, device, dtype, ...), to(self, other, ...): the
                    // first dtype code or tensor
                    String dtype = self.dtype();
                    if (a.get("dtype") instanceof Long code) {
                        return new Tensor(self.shape(), Dtypes.name(code));
                    }
                    for (int i = 0; i < Math.min(2, rest.size()); i++) {
                        if (rest.get(i) instanceof Tensor t) {
                            dtype = t.dtype();
                            break;
                        }
                        if (rest.get(i) instanceof Long code) {
                            dtype = Dtypes.name(code);
                            break;
                        }
                    }
                    return new Tensor(self.shape(), dtype);
                },
                "to(self, ...)",
                "type(self, ...)");
        free(a -> new Tensor(need(a.shape("self")), "float32"), "float(self)");
        free(
                a -> {
                    Tensor other = a.tensor("other");
                    return new Tensor(
                            need(a.shape("self")),
                            other != null ? other.dtype() : tensorOf(a, "self").dtype());
                },
                "type_as(self, other)");
        free(
                a ->
                        tensorOf(a, "self")
                                .withShape(view(need(a.shape("self")), need(a.ints("size")))),
                "view(self, size)",
                "reshape(self, size)",
                "_reshape_alias(self, size, stride)");
        free(
                a -> tensorOf(a, "self").withShape(need(a.shape("other"))),
                "view_as(self, other)",
                "reshape_as(self, other)",
                "expand_as(self, other)");
        free(
                a ->
                        tensorOf(a, "self")
                                .withShape(
                                        flatten(
                                                need(a.shape("self")),
                                                need(a.integer("start_dim")),
                                                need(a.integer("end_dim")))),
                "flatten(self, start_dim=0, end_dim=-1)");
        free(
                a -> {
                    List<Long> s = need(a.shape("self"));
                    int d = Shapes.dim(need(a.integer("dim")), s.size());
                    List<Long> out = new ArrayList<>(s.subList(0, d));
                    out.addAll(view(List.of(s.get(d)), need(a.ints("sizes"))));
                    out.addAll(s.subList(d + 1, s.size()));
                    return tensorOf(a, "self").withShape(out);
                },
                "unflatten(self, dim, sizes)");
        free(
                a -> {
                    List<Long> s = need(a.shape("self"));
                    List<Long> out = new ArrayList<>();
                    for (long d : need(a.ints("dims"))) {
                        out.add(s.get(Shapes.dim(d, s.size())));
                    }
                    return tensorOf(a, "self").withShape(out);
                },
                "permute(self, dims)");
        free(
                a -> {
                    List<Long> s = new ArrayList<>(need(a.shape("self")));
                    int i = Shapes.dim(need(a.integer("dim0")), s.size());
                    int j = Shapes.dim(need(a.integer("dim1")), s.size());
                    long t = s.get(i);
                    s.set(i, s.get(j));
                    s.set(j, t);
                    return tensorOf(a, "self").withShape(s);
                },
                "transpose(self, dim0, dim1)",
                "swapaxes(self, dim0, dim1)");
        free(
                a -> {
                    List<Long> s = need(a.shape("self"));
                    return tensorOf(a, "self")
                            .withShape(s.size() < 2 ? s : List.of(s.get(1), s.get(0)));
                },
                "t(self)",
                "numpy_T(self)");
        free(
                a -> {
                    List<Long> s = new ArrayList<>(need(a.shape("self")));
                    int d = Shapes.dim(need(a.integer("dim")), s.size());
                    need(a.integer("index"));
                    s.remove(d);
                    return tensorOf(a, "self").withShape(s);
                },
                "select(self, dim, index)");
        free(
                a -> {
                    List<Long> s = new ArrayList<>(need(a.shape("self")));
                    if (s.isEmpty()) {
                        return tensorOf(a, "self");
                    }
                    int d = Shapes.dim(need(a.integer("dim")), s.size());
                    long size = s.get(d);
                    Object startV = a.get("start");
                    Object endV = a.get("end");
                    long start = startV == Value.NONE ? 0 : need(a.integer("start"));
                    long end = endV == Value.NONE ? size : need(a.integer("end"));
                    long step = need(a.integer("step"));
                    start = Math.min(Math.max(start < 0 ? start + size : start, 0), size);
                    end = Math.min(Math.max(end < 0 ? end + size : end, 0), size);
                    s.set(d, end <= start ? 0 : (end - start + step - 1) / step);
                    return tensorOf(a, "self").withShape(s);
                },
                "slice(self, dim=0, start=None, end=None, step=1)");
        free(
                a -> {
                    List<Long> s = new ArrayList<>(need(a.shape("self")));
                    s.set(Shapes.dim(need(a.integer("dim")), s.size()), need(a.integer("length")));
                    return tensorOf(a, "self").withShape(s);
                },
                "narrow(self, dim, start, length)");
        free(
                a -> {
                    List<Long> s = new ArrayList<>(need(a.shape("self")));
                    Object dim = a.get("dim");
                    if (dim == Value.UNKNOWN || dim == Value.NONE) {
                        s.removeIf(d -> d == 1);
                    } else {
                        for (long d : need(a.ints("dim"))) {
                            int i = Shapes.dim(d, s.size());
                            if (s.get(i) == 1) {
                                s.set(i, -1L);
                            }
                        }
                        s.removeIf(d -> d == -1);
                    }
                    return tensorOf(a, "self").withShape(s);
                },
                "squeeze(self, dim=None)");
        free(
                a -> {
                    List<Long> s = new ArrayList<>(need(a.shape("self")));
                    long d = need(a.integer("dim"));
                    s.add(Shapes.dim(d, s.size() + 1), 1L);
                    return tensorOf(a, "self").withShape(s);
                },
                "unsqueeze(self, dim)");
        free(
                a -> {
                    List<Long> s = need(a.shape("self"));
                    List<Long> size = need(a.ints("size"));
                    List<Long> out = new ArrayList<>();
                    for (int i = 0; i < size.size(); i++) {
                        int j = i - (size.size() - s.size());
                        out.add(size.get(i) == -1 ? s.get(j) : size.get(i));
                    }
                    return tensorOf(a, "self").withShape(out);
                },
                "expand(self, size, implicit=False)",
                "broadcast_to(self, size)");
        free(
                a -> {
                    List<Long> s = need(a.shape("self"));
                    List<Long> r = need(a.ints("repeats"));
                    List<Long> out = new ArrayList<>();
                    for (int i = 0; i < r.size(); i++) {
                        int j = i - (r.size() - s.size());
                        out.add(r.get(i) * (j >= 0 ? s.get(j) : 1));
                    }
                    return tensorOf(a, "self").withShape(out);
                },
                "repeat(self, repeats)");
        Output concatenated =
                a -> {
                    List<Tensor> ts = need(a.tensors("tensors"));
                    List<Long> first = null;
                    long sum = 0;
                    int d = -1;
                    for (Tensor t : ts) {
                        List<Long> s = need(t.shape());
                        if (s.size() == 1 && s.get(0) == 0) {
                            continue; // legacy: empty tensors are skipped
                        }
                        if (first == null) {
                            first = s;
                            d = Shapes.dim(need(a.integer("dim")), s.size());
                        }
                        sum += s.get(d);
                    }
                    List<Long> out = new ArrayList<>(need(first));
                    out.set(d, sum);
                    return ts.get(0).withShape(out);
                };
        free(
                concatenated,
                "cat(tensors, dim=0)",
                "concat(tensors, dim=0)",
                "concatenate(tensors, dim=0)",
                "quantized::cat(tensors, dim, scale, zero_point)");
        free(
                a -> {
                    List<Tensor> ts = need(a.tensors("tensors"));
                    List<Long> out = new ArrayList<>(need(ts.get(0).shape()));
                    out.add(Shapes.dim(need(a.integer("dim")), out.size() + 1), (long) ts.size());
                    return ts.get(0).withShape(out);
                },
                "stack(tensors, dim=0)");
        free(
                chunks(
                        (a, size) -> {
                            long chunks = need(a.integer("chunks"));
                            return even(size, (size + chunks - 1) / chunks);
                        }),
                "chunk(self, chunks, dim=0)",
                "unsafe_chunk(self, chunks, dim=0)");
        free(
                chunks(
                        (a, size) -> {
                            List<Long> given = need(a.ints("split_size"));
                            if (a.get("split_size") instanceof List<?>
                                    || a.get("split_size") instanceof Tuple) {
                                return given;
                            }
                            return even(size, given.get(0));
                        }),
                "split(self, split_size, dim=0)",
                "unsafe_split(self, split_size, dim=0)",
                "split_with_sizes(self, split_size, dim=0)",
                "unsafe_split_with_sizes(self, split_size, dim=0)");
        free(
                a -> {
                    Tensor self = tensorOf(a, "self");
                    int d = Shapes.dim(need(a.integer("dim")), self.shape().size());
                    List<Long> s = new ArrayList<>(self.shape());
                    long n = s.remove(d);
                    List<Object> out = new ArrayList<>();
                    for (long i = 0; i < n; i++) {
                        out.add(self.withShape(s));
                    }
                    return out;
                },
                "unbind(self, dim=0)");
        free(
                a -> {
                    List<Long> w = need(a.shape("weight"));
                    Tensor idx = tensorOf(a, "indices");
                    List<Long> out = new ArrayList<>(idx.shape());
                    out.add(Shapes.last(w));
                    return new Tensor(out, a.tensor("weight").dtype());
                },
                "embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False)");
        free(
                a -> {
                    List<Long> s = new ArrayList<>(need(a.shape("self")));
                    s.set(
                            Shapes.dim(need(a.integer("dim")), s.size()),
                            need(a.shape("index")).isEmpty() ? 1 : need(a.shape("index")).get(0));
                    return tensorOf(a, "self").withShape(s);
                },
                "index_select(self, dim, index)");
        free(
                a -> tensorOf(a, "self").withShape(need(a.shape("index"))),
                "gather(self, dim, index, sparse_grad=False)");
        free(
                a -> {
                    List<Long> s = new ArrayList<>(need(a.shape("self")));
                    List<Long> pad = need(a.ints("pad"));
                    for (int i = 0; i < pad.size() / 2; i++) {
                        int d = s.size() - 1 - i;
                        s.set(d, s.get(d) + pad.get(2 * i) + pad.get(2 * i + 1));
                    }
                    return tensorOf(a, "self").withShape(s);
                },
                "constant_pad_nd(self, pad, value=0)",
                "pad(self, pad, mode=\"constant\", value=None)",
                "reflection_pad1d(self, pad)",
                "reflection_pad2d(self, pad)",
                "replication_pad2d(self, pad)");
        free(
                a -> {
                    List<Long> s = need(a.shape("self"));
                    long r = need(a.integer("upscale_factor"));
                    List<Long> out = new ArrayList<>(s.subList(0, s.size() - 3));
                    out.add(s.get(s.size() - 3) / (r * r));
                    out.add(s.get(s.size() - 2) * r);
                    out.add(s.get(s.size() - 1) * r);
                    return tensorOf(a, "self").withShape(out);
                },
                "pixel_shuffle(self, upscale_factor)");
        free(
                newShape("size", "float32"),
                "zeros(size, ...)",
                "ones(size, ...)",
                "empty(size, ...)",
                "rand(size, ...)",
                "randn(size, ...)");
        free(newShape("size", "float32"), "full(size, fill_value, ...)");
        free(
                a -> {
                    Tensor self = tensorOf(a, "self");
                    return new Tensor(need(a.ints("size")), self.dtype());
                },
                "new_zeros(self, size, ...)",
                "new_ones(self, size, ...)",
                "new_empty(self, size, ...)",
                "new_full(self, size, fill_value, ...)");
        free(
                a -> {
                    List<Object> all = a.all();
                    List<Double> bounds = new ArrayList<>();
                    for (Object o : all) {
                        // a traced bound is a 0-dim tensor (prim::NumToTensor of a size)
                        Object v =
                                o instanceof Tensor t && t.shape() != null && t.shape().isEmpty()
                                        ? t.scalar()
                                        : o;
                        if (v instanceof Number n) {
                            bounds.add(n.doubleValue());
                        } else {
                            break;
                        }
                    }
                    if (bounds.isEmpty()) {
                        throw new NotKnown();
                    }
                    double start = bounds.size() >= 2 ? bounds.get(0) : 0;
                    double end = bounds.size() >= 2 ? bounds.get(1) : bounds.get(0);
                    double step = bounds.size() >= 3 ? bounds.get(2) : 1;
                    return new Tensor(List.of((long) Math.ceil((end - start) / step)), "int64");
                },
                "arange(end, ...)");
        free(a -> new Tensor(List.of(), "float32", a.integer("a")), "scalar_tensor(a, ...)");
        free(
                UNKNOWN_OUTPUT,
                "nonzero(self)",
                "masked_select(self, mask)",
                "unique_dim(self, dim, ...)");
        free(OpRules::advancedIndex, "index(self, indices)", "_unsafe_index(self, indices)");
        free(
                a ->
                        Tuple.of(
                                tensorOf(a, "self"),
                                new Tensor(tensorOf(a, "self").shape(), "int64")),
                "sort(self, dim=-1, descending=False)");
        // allocation, bookkeeping and quantization parameters, as the trace shows them
        for (String n :
                List.of(
                        "empty_strided",
                        "new_empty_strided",
                        "is_nonzero",
                        "stride",
                        "item",
                        "_local_scalar_dense",
                        "result_type",
                        "is_same_size",
                        "cudnn_is_acceptable",
                        "_has_compatible_shallow_copy_type",
                        "_nnpack_available",
                        "_use_cudnn_rnn_flatten_weight",
                        "mkldnn_reorder_conv2d_weight",
                        "_mkldnn_reshape",
                        "_mkldnn_transpose",
                        "q_scale",
                        "q_zero_point",
                        "qscheme",
                        "q_per_channel_scales",
                        "q_per_channel_zero_points",
                        "_empty_affine_quantized",
                        "_empty_per_channel_affine_quantized",
                        "_pack_padded_sequence",
                        "_unsafe_index",
                        "broadcast_tensors",
                        "align_tensors",
                        "size",
                        "dim",
                        "numel",
                        "_shape_as_tensor",
                        "Int",
                        "ScalarImplicit",
                        "NumToTensor",
                        "as_strided",
                        "resize_",
                        "record_stream",
                        "_to_copy",
                        "_cat",
                        "_softmax_backward_data",
                        "_assert_async",
                        "sym_size",
                        "sym_numel",
                        "_nested_tensor_from_mask",
                        "_nested_tensor_from_mask_left_aligned",
                        "_transform_bias_rescale_qkv",
                        "_masked_softmax",
                        "_native_multi_head_attention_backward",
                        "_chunk_cat",
                        "view_as_real",
                        "_conj",
                        "conj")) {
            if (!RULES.containsKey(n)) {
                free(UNKNOWN_OUTPUT, n + "(...)");
            }
        }
    }

    /**
     * {@code x[i, j]} with integer index tensors (None: the whole axis), NumPy's rule: the indexed
     * axes are replaced by the broadcast of the index shapes, in place when the indexed axes are
     * adjacent, else in front. A boolean mask selects by value: not known.
     */
    private static Object advancedIndex(OpArgs a) {
        Tensor self = tensorOf(a, "self");
        Object v = a.get("indices");
        List<?> indices = v instanceof List<?> l ? l : v instanceof Tuple t ? t.items() : null;
        List<Long> s = self.shape();
        List<Long> indexShape = null;
        int first = -1;
        int last = -1;
        for (int i = 0; i < need(indices).size(); i++) {
            Object index = indices.get(i);
            if (index == Value.NONE || index == null) {
                continue;
            }
            Tensor t = index instanceof Tensor tt ? tt : null;
            if (t == null || !t.known() || "bool".equals(t.dtype()) || "uint8".equals(t.dtype())) {
                throw new NotKnown();
            }
            indexShape = indexShape == null ? t.shape() : Shapes.broadcast(indexShape, t.shape());
            first = first < 0 ? i : first;
            last = i;
        }
        if (indexShape == null) {
            return self;
        }
        boolean adjacent = true;
        for (int i = first; i <= last; i++) {
            adjacent &= indices.get(i) != Value.NONE && indices.get(i) != null;
        }
        List<Long> out = new ArrayList<>();
        List<Long> rest = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            if (i < first || i > last || i >= indices.size()) {
                rest.add(s.get(i));
            } else if (indices.get(i) == Value.NONE || indices.get(i) == null) {
                rest.add(s.get(i));
            }
        }
        if (adjacent) {
            out.addAll(s.subList(0, first));
            out.addAll(indexShape);
            out.addAll(s.subList(Math.min(last + 1, s.size()), s.size()));
        } else {
            out.addAll(indexShape);
            out.addAll(rest);
        }
        return self.withShape(out);
    }

    private static OpRule withOutput(OpRule rule, Output output) {
        return new OpRule(
                rule.name(),
                rule.params(),
                rule.defaults(),
                rule.cost(),
                rule.perElement(),
                rule.macs(),
                output,
                rule.variadic());
    }

    /** What {@code quantized::conv*_prepack} packs: the weight and its settings, per dimension. */
    private static Packed packedConvolution(OpArgs a, int dims, boolean transposed) {
        return new Packed(
                "conv",
                need(a.tensor("weight")),
                a.tensor("bias"),
                Shapes.expand(need(a.ints("stride")), dims),
                Shapes.expand(need(a.ints("padding")), dims),
                Shapes.expand(transposed ? need(a.ints("output_padding")) : List.of(0L), dims),
                Shapes.expand(need(a.ints("dilation")), dims),
                need(a.integer("groups")),
                transposed);
    }

    private static List<Long> packedConvOutput(OpArgs a, Packed p) {
        Tensor in = tensorOf(a, "qx");
        List<Long> w = need(p.weight().shape());
        int n = w.size() - 2;
        List<Long> out = new ArrayList<>(in.shape().subList(0, in.shape().size() - n - 1));
        if (p.transposed()) {
            out.add(w.get(1) * p.groups());
            for (int i = 0; i < n; i++) {
                out.add(
                        Shapes.transposedWindow(
                                in.shape().get(in.shape().size() - n + i),
                                w.get(2 + i),
                                p.stride().get(i),
                                p.padding().get(i),
                                p.outputPadding().get(i),
                                p.dilation().get(i)));
            }
            return out;
        }
        out.add(w.get(0));
        for (int i = 0; i < n; i++) {
            out.add(
                    Shapes.window(
                            in.shape().get(in.shape().size() - n + i),
                            w.get(2 + i),
                            p.stride().get(i),
                            p.padding().get(i),
                            p.dilation().get(i),
                            false));
        }
        return out;
    }

    /**
     * Packed weights of a quantized operator, as stored in a TorchScript archive: the weight tensor
     * and, for convolutions, their settings.
     */
    public record Packed(
            String kind,
            Tensor weight,
            Tensor bias,
            List<Long> stride,
            List<Long> padding,
            List<Long> outputPadding,
            List<Long> dilation,
            long groups,
            boolean transposed) {}
}
