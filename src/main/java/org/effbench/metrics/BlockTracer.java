package org.effbench.metrics;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.effbench.base.Dtype;
import org.effbench.model.layers.BertEmbeddingsBlock;
import org.effbench.model.layers.ConcatBlock;
import org.effbench.model.layers.ResidualAddBlock;
import org.effbench.model.layers.SelfAttentionBlock;

/**
 * Walks an initialised block tree in execution order, following shapes from the input, and records
 * each step as a {@link LayerOp}: leaves through {@link LeafCounters}, composite blocks through the
 * table here (kind -> how to walk its children), which also records the operations that live in no
 * leaf (residual add, concatenation, attention's products, embedding sums): a new composite block
 * is one entry there. Parameters are counted once from the root, even when a weight is shared.
 */
public final class BlockTracer {

    /**
     * How a composite block of kind {@code B} walks its children and records the operations of its
     * own.
     */
    @FunctionalInterface
    private interface Walk<B extends Block> {
        Tensor walk(BlockTracer tracer, String name, B block, Tensor in);
    }

    /** Composite kinds, first match wins; any other block is a leaf for {@link LeafCounters}. */
    private static final Map<Class<? extends Block>, Walk<Block>> COMPOSITES =
            new LinkedHashMap<>();

    static {
        composite(SequentialBlock.class, BlockTracer::sequential);
        composite(ResidualAddBlock.class, BlockTracer::residual);
        composite(ConcatBlock.class, BlockTracer::concat);
        composite(SelfAttentionBlock.class, BlockTracer::attention);
        composite(BertEmbeddingsBlock.class, BlockTracer::embeddings);
    }

    private static <B extends Block> void composite(Class<B> kind, Walk<B> walk) {
        COMPOSITES.put(
                kind, (tracer, name, block, in) -> walk.walk(tracer, name, kind.cast(block), in));
    }

    private final int activationBytes;
    private final List<LayerOp> ops = new ArrayList<>();
    private final List<String> unsupported = new ArrayList<>();
    private final Set<String> countedParameters = new HashSet<>();
    private int nextTensor;

    private BlockTracer(Dtype dtype) {
        this.activationBytes = dtype.activationBits() / 8;
    }

    /**
     * Traces {@code root} on an input of {@code inputShape} (batch included).
     *
     * @throws IllegalArgumentException when the input does not fit the model, naming the layer
     */
    public static Trace trace(Block root, Shape inputShape, DataType inputType, Dtype dtype) {
        BlockTracer tracer = new BlockTracer(dtype);
        Tensor input =
                tracer.tensor(inputShape, inputType == DataType.INT64 ? 8 : tracer.activationBytes);
        Tensor output = tracer.walk("", root, input);
        return new Trace(tracer.ops, input, output, tracer.unsupported);
    }

    private Tensor walk(String name, Block block, Tensor in) {
        for (Map.Entry<Class<? extends Block>, Walk<Block>> e : COMPOSITES.entrySet()) {
            if (e.getKey().isInstance(block)) {
                return e.getValue().walk(this, name, block, in);
            }
        }
        return leaf(name, block, in);
    }

    /** Children in order, each taking the previous one's output. */
    private Tensor sequential(String name, SequentialBlock block, Tensor in) {
        Tensor t = in;
        for (Pair<String, Block> child : block.getChildren()) {
            t = walk(join(name, segment(child)), child.getValue(), t);
        }
        return t;
    }

    /** body(x) + x, or body(x) + shortcut(x) with a projection. */
    private Tensor residual(String name, ResidualAddBlock residual, Tensor in) {
        Tensor body = walk(join(name, "body"), residual.body(), in);
        Optional<Block> shortcut = residual.shortcut();
        Tensor identity =
                shortcut.isPresent() ? walk(join(name, "shortcut"), shortcut.get(), in) : in;
        // In place into the body's output, as the block computes it.
        return step(
                name,
                "ResidualAdd",
                shortcut.isPresent() ? "projection" : "identity",
                0,
                ElementwiseCost.ADD * body.elements(),
                List.of(body, identity),
                alias(body.shape(), body));
    }

    /** Every branch on the same input, outputs joined along the block's axis. */
    private Tensor concat(String name, ConcatBlock concat, Tensor in) {
        List<Tensor> parts = new ArrayList<>();
        int i = 0;
        for (Pair<String, Block> branch : concat.getChildren()) {
            parts.add(walk(join(name, "branch" + i++), branch.getValue(), in));
        }
        Shape out = concat.getOutputShapes(new Shape[] {in.shape()})[0];
        return step(name, "Concat", "axis " + concat.axis(), 0, 0, parts, tensor(out));
    }

    /**
     * softmax(Q K^T / sqrt(d)) V: the projections are Linear leaves, the products are steps of
     * their own.
     */
    private Tensor attention(String name, SelfAttentionBlock a, Tensor in) {
        List<Tensor> qkv = new ArrayList<>();
        String[] names = {"query", "key", "value"};
        for (int i = 0; i < 3; i++) {
            qkv.add(leaf(join(name, names[i]), a.projections().get(i), in));
        }
        long batch = in.shape().get(0);
        long seq = in.shape().get(1);
        long heads = a.heads();
        long d = a.headDim();
        Shape scoresShape = new Shape(batch, heads, seq, seq);
        long productMacs = batch * heads * seq * seq * d;
        Tensor scores =
                step(
                        join(name, "scores"),
                        "MatMul QK^T",
                        heads + " heads x " + d,
                        productMacs,
                        qkv.get(0).elements(),
                        List.of(qkv.get(0), qkv.get(1)),
                        tensor(scoresShape));
        Tensor probs =
                step(
                        join(name, "softmax"),
                        "Softmax",
                        "last axis",
                        0,
                        ElementwiseCost.SOFTMAX * scores.elements(),
                        List.of(scores),
                        tensor(scoresShape));
        Tensor context =
                step(
                        join(name, "context"),
                        "MatMul AV",
                        heads + " heads x " + d,
                        productMacs,
                        0,
                        List.of(probs, qkv.get(2)),
                        tensor(new Shape(batch, heads, seq, d)));
        // Heads are merged from a transposed view: reshape copies.
        Tensor merged =
                step(
                        join(name, "merge"),
                        "Reshape",
                        "merge heads",
                        0,
                        0,
                        List.of(context),
                        tensor(new Shape(batch, seq, heads * d)));
        return leaf(join(name, "output"), a.projections().get(3), merged);
    }

    /** word(ids) + position(0..s-1) + tokenType(0), then LayerNorm; the sums are in place. */
    private Tensor embeddings(String name, BertEmbeddingsBlock e, Tensor ids) {
        long seq = ids.shape().get(1);
        Tensor word = leaf(join(name, "word"), e.word(), ids);
        Tensor positionIds = tensor(new Shape(1, seq), 8);
        Tensor position = leaf(join(name, "position"), e.position(), positionIds);
        Tensor sum =
                step(
                        join(name, "add_position"),
                        "Add",
                        "broadcast over batch",
                        0,
                        ElementwiseCost.ADD * word.elements(),
                        List.of(word, position),
                        alias(word.shape(), word));
        Tensor typeIds = tensor(new Shape(1, seq), 8);
        Tensor type = leaf(join(name, "tokenType"), e.tokenType(), typeIds);
        sum =
                step(
                        join(name, "add_token_type"),
                        "Add",
                        "broadcast over batch",
                        0,
                        ElementwiseCost.ADD * word.elements(),
                        List.of(sum, type),
                        alias(word.shape(), sum));
        return leaf(join(name, "norm"), e.norm(), sum);
    }

    private Tensor leaf(String name, Block block, Tensor in) {
        Shape out;
        try {
            out = block.getOutputShapes(new Shape[] {in.shape()})[0];
        } catch (RuntimeException e) {
            throw doesNotFit(name, block, in, e.getMessage());
        }
        if (out.size() < 1 || Arrays.stream(out.getShape()).anyMatch(d -> d < 1)) {
            throw doesNotFit(name, block, in, "it would produce " + out);
        }
        long params = newParameters(block, false);
        long buffers = newParameters(block, true);
        Optional<LeafCount> count;
        try {
            count = LeafCounters.count(block, in.shape(), out);
        } catch (IllegalArgumentException e) {
            throw doesNotFit(name, block, in, e.getMessage());
        }
        if (count.isEmpty()) {
            String kind = block.getClass().getSimpleName();
            unsupported.add((name.isEmpty() ? "(root)" : name) + " (" + kind + ")");
            ops.add(
                    new LayerOp(
                            name,
                            kind,
                            "not understood",
                            params,
                            buffers,
                            0,
                            0,
                            List.of(in),
                            tensor(out),
                            true,
                            false));
            return ops.get(ops.size() - 1).output();
        }
        LeafCount c = count.get();
        boolean shares = c.view() || c.inPlace();
        Tensor output = shares ? alias(out, in) : tensor(out);
        ops.add(
                new LayerOp(
                        name,
                        c.kind(),
                        c.settings(),
                        params,
                        buffers,
                        c.macs(),
                        c.elementwiseOps(),
                        List.of(in),
                        output,
                        !shares,
                        true));
        return output;
    }

    private Tensor step(
            String name,
            String kind,
            String settings,
            long macs,
            long elementwise,
            List<Tensor> inputs,
            Tensor output) {
        boolean allocates = inputs.stream().noneMatch(t -> t.buffer() == output.buffer());
        ops.add(
                new LayerOp(
                        name,
                        kind,
                        settings,
                        0,
                        0,
                        macs,
                        elementwise,
                        inputs,
                        output,
                        allocates,
                        true));
        return output;
    }

    /**
     * Elements of this block's own (direct, or for an unknown container all) parameters not counted
     * yet.
     */
    private long newParameters(Block block, boolean buffers) {
        long total = 0;
        for (Pair<String, Parameter> entry : block.getParameters()) {
            Parameter p = entry.getValue();
            boolean isBuffer =
                    p.getType() == Parameter.Type.RUNNING_MEAN
                            || p.getType() == Parameter.Type.RUNNING_VAR;
            if (isBuffer == buffers && countedParameters.add(p.getId())) {
                total += p.getArray().size();
            }
        }
        return total;
    }

    private Tensor tensor(Shape shape) {
        return tensor(shape, activationBytes);
    }

    private Tensor tensor(Shape shape, int bytesPerElement) {
        int id = nextTensor++;
        return new Tensor(id, shape, bytesPerElement, id);
    }

    private Tensor alias(Shape shape, Tensor of) {
        return new Tensor(nextTensor++, shape, of.bytesPerElement(), of.buffer());
    }

    private static IllegalArgumentException doesNotFit(
            String name, Block block, Tensor in, String why) {
        return new IllegalArgumentException(
                "input does not fit the model: layer "
                        + (name.isEmpty() ? "(root)" : name)
                        + " ("
                        + block.getClass().getSimpleName()
                        + ") cannot take "
                        + in.shape()
                        + ": "
                        + why);
    }

    /**
     * DJL names children "NNKind" for anonymous ones and "NNname" for named ones: torch-like paths.
     */
    private static String segment(Pair<String, Block> child) {
        String key = child.getKey();
        String suffix = key.replaceFirst("^\\d+", "");
        if (suffix.equals(child.getValue().getClass().getSimpleName())) {
            return Integer.toString(
                    Integer.parseInt(key.substring(0, key.length() - suffix.length())) - 1);
        }
        return suffix;
    }

    private static String join(String parent, String child) {
        return parent.isEmpty() ? child : parent + "." + child;
    }
}
