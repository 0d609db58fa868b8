package org.effbench.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.effbench.base.Checks;
import org.effbench.bench.BenchParam;

/**
 * How a serve job splits the machine: {@code workers} taking from the one queue, each running the
 * model with {@code threads} libtorch intra-op threads; written {@code WxT} ({@code 2x1}).
 */
public record Layout(int workers, int threads) {

    /** What a layout item accepts, in the words of an error. */
    static final String ACCEPTED =
            "WxT items (workers x intra-op threads of each), e.g. 1x2, 2x1, or all";

    private static final Pattern ITEM = Pattern.compile("(\\d+)x(\\d+)");

    public Layout {
        Checks.atLeast("workers", workers, 1);
        Checks.atLeast("threads", threads, BenchParam.INTRA_OP_THREADS.min());
    }

    /**
     * Every split of {@code cores} into workers x threads using all of them: w x (cores / w) for
     * each w that divides the cores, fewest workers first (on 2 cores: 1x2, 2x1).
     */
    public static List<Layout> all(int cores) {
        List<Layout> out = new ArrayList<>();
        for (int w = 1; w <= cores; w++) {
            if (cores % w == 0) {
                out.add(new Layout(w, cores / w));
            }
        }
        return out;
    }

    /**
     * @throws IllegalArgumentException naming {@code name}, the item and what is accepted
     */
    static Layout parse(String name, String text) {
        Matcher m = ITEM.matcher(text.strip().toLowerCase(java.util.Locale.ROOT));
        if (m.matches()) {
            try {
                int w = Integer.parseInt(m.group(1));
                int t = Integer.parseInt(m.group(2));
                if (w >= 1 && t >= BenchParam.INTRA_OP_THREADS.min()) {
                    return new Layout(w, t);
                }
            } catch (NumberFormatException e) {
                // named below
            }
        }
        throw new IllegalArgumentException(
                name + " '" + text + "' is not accepted; accepted: " + ACCEPTED);
    }

    /** The cores this layout keeps busy, at most the machine's. */
    public int cores(int machineCores) {
        return (int) Math.min((long) workers * threads, machineCores);
    }

    @Override
    public String toString() {
        return workers + "x" + threads;
    }
}
