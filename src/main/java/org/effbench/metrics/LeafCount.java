package org.effbench.metrics;

/**
 * What a counter knows about one leaf layer.
 *
 * @param kind a short name, e.g. {@code Conv2d}
 * @param settings read back from the block, e.g. {@code 3x3 s2 p1 g1}
 * @param macs multiply-accumulates, batch included
 * @param elementwiseOps element-wise operations, batch included
 * @param view true when the output aliases the input (a reshape, an inference-time dropout)
 */
record LeafCount(
        String kind,
        String settings,
        long macs,
        long elementwiseOps,
        boolean view,
        boolean inPlace) {

    static LeafCount compute(String kind, String settings, long macs, long elementwiseOps) {
        return new LeafCount(kind, settings, macs, elementwiseOps, false, false);
    }

    static LeafCount view(String kind, String settings) {
        return new LeafCount(kind, settings, 0, 0, true, false);
    }

    /** Work written into its input's memory: no new tensor. */
    static LeafCount inPlace(String kind, String settings, long elementwiseOps) {
        return new LeafCount(kind, settings, 0, elementwiseOps, false, true);
    }
}
