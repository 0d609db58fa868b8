package org.effbench.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Peak live activation memory by a liveness walk over the traced steps: a buffer lives from the
 * step that first uses it to the last step that reads it (a view or an in-place result keeps its
 * buffer alive); the model's input lives from the start, its output to the end. At each step
 * everything alive is summed; the peak is the largest sum. Weights are not included.
 *
 * @param bytes the largest sum
 * @param step the name of the step where it occurs
 */
public record PeakMemory(long bytes, String step) {

    public static PeakMemory of(Trace trace) {
        List<LayerOp> ops = trace.ops();
        Map<Integer, Long> size = new HashMap<>();
        Map<Integer, Integer> born = new HashMap<>();
        Map<Integer, Integer> lastUse = new HashMap<>();
        size.put(trace.input().buffer(), trace.input().bytes());
        born.put(trace.input().buffer(), -1);
        lastUse.put(trace.input().buffer(), -1);
        for (int i = 0; i < ops.size(); i++) {
            LayerOp op = ops.get(i);
            for (Tensor t : op.inputs()) {
                use(t, i, size, born, lastUse);
            }
            use(op.output(), i, size, born, lastUse);
        }
        lastUse.put(trace.output().buffer(), ops.size());

        long peak = 0;
        String where = "";
        for (int i = 0; i < ops.size(); i++) {
            long live = 0;
            for (Map.Entry<Integer, Long> buffer : size.entrySet()) {
                int b = buffer.getKey();
                if (born.get(b) <= i && lastUse.get(b) >= i) {
                    live += buffer.getValue();
                }
            }
            if (live > peak) {
                peak = live;
                where = ops.get(i).name();
            }
        }
        return new PeakMemory(peak, where);
    }

    private static void use(
            Tensor t,
            int step,
            Map<Integer, Long> size,
            Map<Integer, Integer> born,
            Map<Integer, Integer> lastUse) {
        // The first tensor seen on a buffer is the one that allocated it: later ones are aliases.
        size.putIfAbsent(t.buffer(), t.bytes());
        born.putIfAbsent(t.buffer(), step);
        lastUse.merge(t.buffer(), step, Math::max);
    }
}
