package org.effbench.metrics;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.convolutional.Deconvolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.nn.recurrent.RNN;
import ai.djl.nn.recurrent.RecurrentBlock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.effbench.base.ShapeText;
import org.effbench.model.layers.ActivationBlock;
import org.effbench.model.layers.AdaptiveAvgPool2dBlock;
import org.effbench.model.layers.EmbeddingBlock;
import org.effbench.model.layers.FlattenBlock;
import org.effbench.model.layers.Pool2dBlock;
import org.effbench.model.layers.SelectTokenBlock;

/**
 * A counting function per leaf block kind, fvcore style: a kind missing from the table is reported
 * as not understood, never counted as zero. Weight-based formulas read the layer's own weight
 * shapes, so they hold for any configuration of the layer.
 */
final class LeafCounters {

    /** A counting function: the block, its input shape and its output shape. */
    @FunctionalInterface
    interface Counter {
        LeafCount count(Block block, Shape in, Shape out);
    }

    private static final Map<Class<? extends Block>, Counter> COUNTERS = new LinkedHashMap<>();

    static {
        COUNTERS.put(Convolution.class, LeafCounters::convolution);
        COUNTERS.put(Deconvolution.class, LeafCounters::transposedConvolution);
        COUNTERS.put(Linear.class, LeafCounters::linear);
        COUNTERS.put(RecurrentBlock.class, LeafCounters::recurrent);
        COUNTERS.put(
                EmbeddingBlock.class,
                (b, in, out) ->
                        LeafCount.compute(
                                "Embedding", b.toString().replace("Embedding", ""), 0, 0));
        COUNTERS.put(
                BatchNorm.class,
                (b, in, out) ->
                        LeafCount.compute(
                                "BatchNorm",
                                "C=" + in.get(1),
                                0,
                                ElementwiseCost.BATCH_NORM * out.size()));
        COUNTERS.put(
                LayerNorm.class,
                (b, in, out) ->
                        LeafCount.compute(
                                "LayerNorm",
                                "over " + in.get(in.dimension() - 1),
                                0,
                                ElementwiseCost.LAYER_NORM * out.size()));
        COUNTERS.put(
                ActivationBlock.class,
                (b, in, out) -> {
                    ActivationBlock a = (ActivationBlock) b;
                    String kind = a.kind().name().toLowerCase(Locale.ROOT);
                    long ops = ElementwiseCost.ACTIVATION * out.size();
                    return a.isInPlace()
                            ? LeafCount.inPlace("Activation", kind + " in place", ops)
                            : LeafCount.compute("Activation", kind, 0, ops);
                });
        COUNTERS.put(Pool2dBlock.class, LeafCounters::pool);
        COUNTERS.put(
                AdaptiveAvgPool2dBlock.class,
                (b, in, out) ->
                        LeafCount.compute(
                                "AdaptiveAvgPool2d", out.get(2) + "x" + out.get(3), 0, in.size()));
        COUNTERS.put(FlattenBlock.class, (b, in, out) -> LeafCount.view("Flatten", "from 1"));
        COUNTERS.put(
                SelectTokenBlock.class,
                (b, in, out) ->
                        LeafCount.view(
                                "SelectToken", "position " + ((SelectTokenBlock) b).position()));
        // At inference dropout returns its input.
        COUNTERS.put(
                Dropout.class, (b, in, out) -> LeafCount.view("Dropout", "inference: identity"));
    }

    private LeafCounters() {}

    /** The count for {@code block}, or empty when its kind is not understood. */
    static Optional<LeafCount> count(Block block, Shape in, Shape out) {
        for (Map.Entry<Class<? extends Block>, Counter> e : COUNTERS.entrySet()) {
            if (e.getKey().isInstance(block)) {
                return Optional.of(e.getValue().count(block, in, out));
            }
        }
        return Optional.empty();
    }

    /**
     * Conv: output elements x (C_in / groups) x kernel area, read from weight (C_out, C_in/g,
     * k...).
     */
    private static LeafCount convolution(Block block, Shape in, Shape out) {
        Convolution conv = (Convolution) block;
        Shape weight = weight(block);
        long perOutput = weight.size() / weight.get(0);
        if (in.get(1) != weight.get(1) * conv.getGroups()) {
            throw new IllegalArgumentException(
                    "input with "
                            + in.get(1)
                            + " channels does not fit a convolution "
                            + "expecting "
                            + weight.get(1) * conv.getGroups());
        }
        String kind =
                "Conv"
                        + (in.dimension() - 2)
                        + "d"
                        + (conv.getGroups() > 1 && conv.getGroups() == in.get(1)
                                ? " depthwise"
                                : "");
        String settings =
                ShapeText.of(conv.getKernelShape())
                        + " s"
                        + each(conv.getStride())
                        + " p"
                        + each(conv.getPadding())
                        + (isOnes(conv.getDilation()) ? "" : " d" + each(conv.getDilation()))
                        + " g"
                        + conv.getGroups()
                        + (conv.isIncludeBias() ? " bias" : "");
        return LeafCount.compute(kind, settings, out.size() * perOutput, 0);
    }

    /**
     * Transposed conv: every input element meets (C_out / groups) x kernel area weights. DJL keeps
     * the weight as (C_out, C_in / groups, k...), so the groups are C_in / weight dim 1.
     */
    private static LeafCount transposedConvolution(Block block, Shape in, Shape out) {
        Shape weight = weight(block);
        long groups = in.get(1) / weight.get(1);
        long kernelArea = weight.size() / (weight.get(0) * weight.get(1));
        return LeafCount.compute(
                "ConvTranspose" + (in.dimension() - 2) + "d",
                "groups " + groups,
                in.size() * (out.get(1) / groups) * kernelArea,
                0);
    }

    /** Linear: output elements x input features. */
    private static LeafCount linear(Block block, Shape in, Shape out) {
        Shape weight = weight(block); // (units, in features)
        long features = in.get(in.dimension() - 1);
        if (features != weight.get(1)) {
            throw new IllegalArgumentException(
                    "input with "
                            + features
                            + " features does not fit a Linear layer "
                            + "expecting "
                            + weight.get(1));
        }
        return LeafCount.compute(
                "Linear", weight.get(1) + "->" + weight.get(0), out.size() * weight.get(1), 0);
    }

    /**
     * LSTM/GRU/RNN: per sample and time step, every gate of every layer and direction multiplies
     * its input and its hidden state: the sum of all weight matrices' elements.
     */
    private static LeafCount recurrent(Block block, Shape in, Shape out) {
        long batch = in.get(0);
        long steps = in.get(1); // the zoo's recurrent models are batch-first
        long weightElements = 0;
        long hiddenUnits = 0;
        for (Parameter p : block.getDirectParameters().values()) {
            if (p.getType() == Parameter.Type.WEIGHT) {
                Shape w = p.getArray().getShape();
                weightElements += w.size();
                if (p.getName().contains("h2h")) {
                    hiddenUnits += w.get(1);
                }
            }
        }
        String kind =
                block instanceof LSTM
                        ? "LSTM"
                        : block instanceof GRU ? "GRU" : block instanceof RNN ? "RNN" : "Recurrent";
        int cell =
                block instanceof LSTM
                        ? ElementwiseCost.LSTM_CELL
                        : block instanceof GRU
                                ? ElementwiseCost.GRU_CELL
                                : ElementwiseCost.RNN_CELL;
        return LeafCount.compute(
                kind,
                "steps " + steps + ", hidden units " + hiddenUnits,
                batch * steps * weightElements,
                batch * steps * hiddenUnits * cell);
    }

    private static LeafCount pool(Block block, Shape in, Shape out) {
        Pool2dBlock pool = (Pool2dBlock) block;
        String kind = pool.kind() == Pool2dBlock.Kind.MAX ? "MaxPool2d" : "AvgPool2d";
        String settings =
                pool.kernel()
                        + "x"
                        + pool.kernel()
                        + " s"
                        + pool.stride()
                        + " p"
                        + pool.padding()
                        + (pool.ceilMode() ? " ceil" : "");
        return LeafCount.compute(kind, settings, 0, out.size() * pool.kernel() * pool.kernel());
    }

    private static Shape weight(Block block) {
        return block.getDirectParameters().values().stream()
                .filter(p -> p.getType() == Parameter.Type.WEIGHT)
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        block.getClass().getSimpleName() + " has no weight"))
                .getArray()
                .getShape();
    }

    /** "3x3" for a kernel; a stride or padding equal on every axis collapses to one number. */
    private static String each(Shape s) {
        return Arrays.stream(s.getShape()).distinct().count() == 1
                ? Long.toString(s.get(0))
                : ShapeText.of(s);
    }

    private static boolean isOnes(Shape s) {
        return Arrays.stream(s.getShape()).allMatch(d -> d == 1);
    }
}
