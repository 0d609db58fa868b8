package org.effbench.operators;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.effbench.base.Checks;
import org.effbench.counting.OpArgs;
import org.effbench.counting.OpRule;
import org.effbench.counting.OpRules;
import org.effbench.counting.Shapes;

/**
 * Where a forward pass spends its time, per operator kind, and what each kind computes.
 *
 * <p>MACs are counted at the outermost operator that has a rule ({@code aten::linear}, not the
 * {@code aten::addmm} it calls), so nothing is counted twice. Self time is an operator's time minus
 * that of the operators it called; the shares add up to the time inside libtorch operators. The
 * time outside them (Java, JNI, freeing tensors between layers) is the measured wall time of the
 * profiled passes minus that (an upper bound), or the unprofiled passes' minus that (a lower
 * bound).
 *
 * @param rows per operator, most self time first
 * @param notUnderstood operator kinds with neither a rule nor a counted callee: their work is not
 *     in the totals
 */
public record OperatorProfile(
        String model,
        String input,
        int intraOpThreads,
        int passes,
        boolean allOps,
        List<OperatorRow> rows,
        double wallMicrosPerPass,
        double unprofiledWallMicrosPerPass,
        List<String> notUnderstood) {

    public OperatorProfile {
        rows = List.copyOf(rows);
        notUnderstood = List.copyOf(notUnderstood);
    }

    public long macs() {
        return rows.stream().mapToLong(OperatorRow::macs).sum();
    }

    public long flops() {
        return rows.stream().mapToLong(OperatorRow::flops).sum();
    }

    /** Time inside libtorch operators per pass: the sum of self times. */
    public double operatorMicrosPerPass() {
        return rows.stream().mapToDouble(OperatorRow::selfMicros).sum();
    }

    /**
     * Wall time per profiled pass not spent inside any operator: an upper bound, since the
     * profiler's own bookkeeping between operators is in it.
     */
    public double outsideMicrosPerPass() {
        return Math.max(0, wallMicrosPerPass - operatorMicrosPerPass());
    }

    /**
     * The unprofiled pass's wall time minus the time inside operators: a lower bound of the time
     * outside them, since operator times carry some of the profiler's cost.
     */
    public double outsideMicrosPerPassLowerBound() {
        return Math.max(0, unprofiledWallMicrosPerPass - operatorMicrosPerPass());
    }

    /**
     * Whether the pass ran operators that take packed weights (quantized, prepacked): those weights
     * are not module parameters and their shapes are not in the trace.
     */
    public boolean packedWeights() {
        return rows.stream()
                .map(OperatorRow::operator)
                .anyMatch(o -> o.startsWith("quantized::") || o.startsWith("prepacked::"));
    }

    public boolean estimated() {
        return rows.stream().anyMatch(OperatorRow::estimate);
    }

    /**
     * Aggregates the top-level calls of {@code passes} profiled passes.
     *
     * @param wallMicros the wall time of those passes together, measured around them
     * @param unprofiledWallMicrosPerPass the wall time of one pass without the profiler
     */
    public static OperatorProfile of(
            String model,
            String input,
            int intraOpThreads,
            List<OpEvent> roots,
            int passes,
            boolean allOps,
            double wallMicros,
            double unprofiledWallMicrosPerPass) {
        Checks.atLeast("passes", passes, 1);
        Map<String, Totals> byName = new LinkedHashMap<>();
        TreeSet<String> notUnderstood = new TreeSet<>();
        for (List<OpEvent> pass : splitPasses(roots)) {
            List<OpEvent> ordered = new ArrayList<>();
            pass.forEach(r -> flatten(r, ordered));
            for (OpEvent e : ordered) {
                Totals t = byName.computeIfAbsent(e.name(), n -> new Totals());
                t.calls++;
                t.selfMicros += e.selfMicros();
            }
            for (OpEvent root : pass) {
                count(root, ordered, allOps, byName, notUnderstood, null);
            }
        }
        List<OperatorRow> rows = new ArrayList<>();
        byName.forEach(
                (name, t) ->
                        rows.add(
                                new OperatorRow(
                                        name,
                                        t.calls / (double) passes,
                                        t.selfMicros / passes,
                                        t.countedMicros / passes,
                                        t.macs / passes,
                                        t.elementwise / passes,
                                        t.estimate)));
        rows.sort(Comparator.comparingDouble(OperatorRow::selfMicros).reversed());
        return new OperatorProfile(
                model,
                input,
                intraOpThreads,
                passes,
                allOps,
                rows,
                wallMicros / passes,
                unprofiledWallMicrosPerPass,
                List.copyOf(notUnderstood));
    }

    /**
     * Counts one call; returns whether it, or something it called, was counted or understood as
     * costing work. A matrix operator whose own count the trace cannot give (an einsum's equation,
     * a recurrent layer's weight list are not recorded) takes the counts of the calls it made, so
     * its row carries its work under its own name.
     */
    private static boolean count(
            OpEvent e,
            List<OpEvent> pass,
            boolean allOps,
            Map<String, Totals> byName,
            TreeSet<String> notUnderstood,
            Totals into) {
        Totals t = into != null ? into : byName.get(e.name());
        OperatorCounter.Kind kind = OperatorCounter.kind(e.name());
        if (kind == OperatorCounter.Kind.MATRIX) {
            OperatorCounter.Count c = matrix(e, pass);
            if (c.known()) {
                t.add(c, e.durationMicros());
                return true;
            }
            boolean counted = false;
            Totals inside = new Totals();
            for (OpEvent child : e.children()) {
                counted |= count(child, pass, allOps, byName, notUnderstood, inside);
            }
            if (!counted) {
                notUnderstood.add(e.name());
                return false;
            }
            t.macs += inside.macs;
            t.elementwise += inside.elementwise;
            t.estimate |= inside.estimate;
            t.countedMicros += into != null ? inside.countedMicros : e.durationMicros();
            return true;
        }
        if (kind == OperatorCounter.Kind.ELEMENTWISE) {
            if (allOps) {
                t.add(OperatorCounter.elementwise(e), e.durationMicros());
            }
            return true;
        }
        if (kind == OperatorCounter.Kind.FREE) {
            return false;
        }
        boolean counted = false;
        for (OpEvent child : e.children()) {
            counted |= count(child, pass, allOps, byName, notUnderstood, into);
        }
        if (!counted) {
            notUnderstood.add(e.name());
        }
        return counted;
    }

    private static OperatorCounter.Count matrix(OpEvent e, List<OpEvent> pass) {
        OpArgs a = OperatorCounter.args(e);
        if (e.name().startsWith("quantized::linear")) {
            return packedLinear(e, pass, a.shape("X"));
        }
        List<Long> in = a.shape("input");
        List<Long> w = a.shape("weight");
        boolean convolution =
                in != null
                        && w != null
                        && in.size() >= 3
                        && w.size() == in.size()
                        && OpRules.find(e.name()).map(r -> r.name().contains("conv")).orElse(false);
        if (!convolution) {
            return OperatorCounter.matrix(e, Optional.empty(), Optional.empty());
        }
        Optional<Boolean> transposed = transposed(e, in, w);
        List<List<Long>> consumed = consumer(e, pass).orElse(List.of());
        if (transposed.isEmpty() && transposedByConsumer(consumed, in, w)) {
            OperatorCounter.Count c =
                    OperatorCounter.matrix(e, Optional.empty(), Optional.of(true));
            return new OperatorCounter.Count(c.macs(), 0, true, c.known());
        }
        Optional<List<Long>> out =
                transposed.orElse(false) ? Optional.empty() : convolutionOutput(consumed, in, w);
        if (out.isEmpty() && !transposed.orElse(false)) {
            List<Long> assumed = new ArrayList<>(in);
            assumed.set(1, w.get(0)); // the output taken to be the input's size
            OperatorCounter.Count c = OperatorCounter.matrix(e, Optional.of(assumed), transposed);
            return new OperatorCounter.Count(c.macs(), 0, true, c.known());
        }
        return OperatorCounter.matrix(e, out, transposed);
    }

    /**
     * A quantized linear layer's packed weight has no shape in the trace, but its output does, in
     * its consumer: rows x in (from the input) x out (the output's last dimension). Flagged: the
     * output is read from another call.
     */
    private static OperatorCounter.Count packedLinear(OpEvent e, List<OpEvent> pass, List<Long> x) {
        if (x != null && !x.isEmpty()) {
            for (List<Long> y : consumer(e, pass).orElse(List.of())) {
                if (y.size() == x.size()
                        && y.subList(0, y.size() - 1).equals(x.subList(0, x.size() - 1))) {
                    return new OperatorCounter.Count(
                            Shapes.product(x) * Shapes.last(y), 0, true, true);
                }
            }
        }
        return new OperatorCounter.Count(0, 0, true, false);
    }

    /**
     * Whether a convolution call is transposed, as far as the trace tells: by the kernel it called,
     * else by its channels (a transposed weight is C_in x C_out/g, a forward one C_out x C_in/g);
     * empty when both readings fit.
     */
    static Optional<Boolean> transposed(OpEvent conv, List<Long> in, List<Long> w) {
        String k = OperatorCounter.kindName(conv.name());
        if (k.contains("transpose")) {
            return Optional.of(true);
        }
        if (!k.equals("convolution") && !k.equals("_convolution")) {
            return Optional.of(false);
        }
        List<OpEvent> below = new ArrayList<>();
        conv.children().forEach(c -> flatten(c, below));
        for (OpEvent d : below) {
            String n = OperatorCounter.kindName(d.name());
            if (n.contains("conv_transpose") || n.contains("deconvolution")) {
                return Optional.of(true);
            }
            if (n.equals("mkldnn_convolution")
                    || n.equals("thnn_conv2d")
                    || n.equals("_slow_conv2d_forward")
                    || n.equals("_nnpack_spatial_convolution")
                    || n.startsWith("slow_conv_dilated")) {
                return Optional.of(false);
            }
        }
        boolean forward = in.get(1) % w.get(1) == 0;
        boolean backward = in.get(1).equals(w.get(0));
        return forward == backward ? Optional.empty() : Optional.of(backward);
    }

    /**
     * When the channels fit both readings, the consumer can still rule the forward one out: a
     * forward output has C_out = weight dim 0 channels and is no larger than the input. If no
     * operand of the consumer fits it, the convolution is taken to be transposed (an assumption,
     * flagged). With equal channels and sizes both readings count the same.
     */
    private static boolean transposedByConsumer(
            List<List<Long>> consumed, List<Long> in, List<Long> w) {
        boolean sameRankAndBatch = false;
        for (List<Long> x : consumed) {
            if (x.size() == in.size() && x.get(0).equals(in.get(0))) {
                sameRankAndBatch = true;
                if (x.get(1).equals(w.get(0)) && noLarger(x, in)) {
                    return false; // the forward reading fits
                }
            }
        }
        return sameRankAndBatch;
    }

    /**
     * The operand shapes of the call that consumes a convolution's output, as the trace shows it:
     * the first later call of the same pass and thread that records a tensor among its own operands
     * (the last ones recorded: values in front of them are other live tensors), or a concatenation,
     * whose list of tensors the trace does not record. Empty when there is none within 200 calls.
     */
    static Optional<List<List<Long>>> consumer(OpEvent conv, List<OpEvent> pass) {
        int at = pass.indexOf(conv);
        for (int i = at + 1; i < pass.size() && i <= at + 200; i++) {
            OpEvent next = pass.get(i);
            if (next.thread() != conv.thread() || next.startMicros() < conv.endMicros()) {
                continue;
            }
            List<List<Long>> shapes = next.inputShapes();
            Optional<OpRule> rule = OpRules.find(next.name());
            int operands =
                    rule.map(r -> r.variadic() ? shapes.size() : r.params().size())
                            .orElse(shapes.size());
            List<List<Long>> own =
                    shapes.subList(Math.max(0, shapes.size() - operands), shapes.size());
            boolean takesList = rule.map(r -> r.params().contains("tensors")).orElse(false);
            if (takesList || own.stream().anyMatch(x -> !x.isEmpty())) {
                return Optional.of(own);
            }
        }
        return Optional.empty();
    }

    /**
     * A forward convolution's output shape, as its consumer's operands show it: one of the
     * convolution's rank, batch and output channels, searched from the last. A consumer whose
     * tensors are not recorded (a concatenation's list) shows none: a later tensor with the same
     * channels may be another one (DenseNet's next block).
     */
    static Optional<List<Long>> convolutionOutput(
            List<List<Long>> own, List<Long> in, List<Long> weight) {
        for (int j = own.size() - 1; j >= 0; j--) {
            List<Long> x = own.get(j);
            if (x.size() == in.size()
                    && x.get(0).equals(in.get(0))
                    && x.get(1).equals(weight.get(0))
                    && noLarger(x, in)) {
                return Optional.of(x);
            }
        }
        return Optional.empty();
    }

    /**
     * A forward convolution's output is no larger than its input along any spatial axis (padding up
     * to "same"): a larger tensor in the next call is another one (MaxViT computes a block's
     * shortcut before its main branch, whose first call reads the block's larger input).
     */
    private static boolean noLarger(List<Long> out, List<Long> in) {
        for (int i = 2; i < in.size(); i++) {
            if (out.get(i) > in.get(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The top-level calls split at the pass markers {@link OperatorProfiler} runs between passes
     * (the markers dropped): a search for a convolution's output never crosses into the next pass.
     * Without markers, all calls form one group.
     */
    static List<List<OpEvent>> splitPasses(List<OpEvent> roots) {
        List<List<OpEvent>> passes = new ArrayList<>();
        List<OpEvent> current = new ArrayList<>();
        for (OpEvent r : roots) {
            if (PassMarker.is(r)) {
                if (!current.isEmpty()) {
                    passes.add(current);
                }
                current = new ArrayList<>();
            } else {
                current.add(r);
            }
        }
        if (!current.isEmpty()) {
            passes.add(current);
        }
        return passes;
    }

    private static void flatten(OpEvent e, List<OpEvent> out) {
        out.add(e);
        e.children().forEach(c -> flatten(c, out));
    }

    /** Running sums for one operator name. */
    private static final class Totals {
        long calls;
        double selfMicros;
        double countedMicros;
        long macs;
        long elementwise;
        boolean estimate;

        void add(OperatorCounter.Count c, double micros) {
            macs += c.macs();
            elementwise += c.elementwiseOps();
            countedMicros += micros;
            estimate |= c.estimate();
        }
    }
}
