package org.effbench.operators;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Where a forward pass spends its time, per operator kind, and what each kind computes.
 *
 * <p>MACs are counted at the outermost operator that has a rule ({@code aten::linear}, not the
 * {@code aten::addmm} it calls), so nothing is counted twice. Self time is an operator's time minus
 * that of the operators it called; the shares add up to the time inside libtorch operators. The
 * time outside them (Java, JNI, freeing tensors between layers) is the measured wall time of the
 * profiled passes minus that (an upper bound), or the unprofiled passes' minus that (a lower bound).
 *
 * @param rows per operator, most self time first
 * @param notUnderstood operator kinds with neither a rule nor a counted callee: their work is not in the totals
 */
public record OperatorProfile(String model, String input, int intraOpThreads, int passes, boolean allOps,
        List<OperatorRow> rows, double wallMicrosPerPass, double unprofiledWallMicrosPerPass,
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
        return rows.stream().map(OperatorRow::operator).anyMatch(o -> o.startsWith("quantized::") || o.startsWith("prepacked::"));
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
    public static OperatorProfile of(String model, String input, int intraOpThreads, List<OpEvent> roots, int passes,
            boolean allOps, double wallMicros, double unprofiledWallMicrosPerPass) {
        if (passes < 1) {
            throw new IllegalArgumentException("passes must be at least 1, got " + passes);
        }
        Map<String, Totals> byName = new LinkedHashMap<>();
        List<OpEvent> ordered = new ArrayList<>();
        roots.forEach(r -> flatten(r, ordered));
        for (OpEvent e : ordered) {
            Totals t = byName.computeIfAbsent(e.name(), n -> new Totals());
            t.calls++;
            t.selfMicros += e.selfMicros();
        }
        TreeSet<String> notUnderstood = new TreeSet<>();
        for (OpEvent root : roots) {
            count(root, ordered, allOps, byName, notUnderstood);
        }
        List<OperatorRow> rows = new ArrayList<>();
        byName.forEach((name, t) -> rows.add(new OperatorRow(name, t.calls / (double) passes, t.selfMicros / passes,
                t.countedMicros / passes, t.macs / passes, t.elementwise / passes, t.estimate)));
        rows.sort(Comparator.comparingDouble(OperatorRow::selfMicros).reversed());
        return new OperatorProfile(model, input, intraOpThreads, passes, allOps, rows, wallMicros / passes,
                unprofiledWallMicrosPerPass, List.copyOf(notUnderstood));
    }

    /** Counts one call; returns whether it, or something it called, was counted or understood as costing work. */
    private static boolean count(OpEvent e, List<OpEvent> ordered, boolean allOps, Map<String, Totals> byName,
            TreeSet<String> notUnderstood) {
        Totals t = byName.get(e.name());
        switch (OperatorCounter.kind(e.name())) {
            case MATRIX -> {
                t.add(OperatorCounter.matrix(e, convolutionOutput(e, ordered)), e.durationMicros());
                return true;
            }
            case ELEMENTWISE -> {
                if (allOps) {
                    t.add(OperatorCounter.elementwise(e), e.durationMicros());
                }
                return true;
            }
            case FREE -> {
                return false;
            }
            default -> {
                boolean counted = false;
                for (OpEvent child : e.children()) {
                    counted |= count(child, ordered, allOps, byName, notUnderstood);
                }
                if (!counted) {
                    notUnderstood.add(e.name());
                }
                return counted;
            }
        }
    }

    /**
     * A convolution's output size, as the trace shows it: the spatial dimensions of the first later
     * call on the same thread whose input has the convolution's batch and output channels.
     */
    static Optional<List<Long>> convolutionOutput(OpEvent conv, List<OpEvent> ordered) {
        List<Long> in = conv.input(0);
        List<Long> weight = conv.input(1);
        if (in.size() < 3 || weight.size() != in.size()) {
            return Optional.empty();
        }
        int at = ordered.indexOf(conv);
        for (int i = at + 1; i < ordered.size() && i <= at + 200; i++) {
            OpEvent next = ordered.get(i);
            List<Long> x = next.input(0);
            if (next.thread() == conv.thread() && next.startMicros() >= conv.endMicros() && x.size() == in.size()
                    && x.get(0).equals(in.get(0)) && x.get(1).equals(weight.get(0))) {
                return Optional.of(x.subList(2, x.size()));
            }
        }
        return Optional.empty();
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
