package org.effbench.base;

/**
 * The counting convention every table, CSV and report uses: one multiply-accumulate (MAC) is two
 * floating-point operations (FLOPs), a multiply and an add; element-wise work is counted apart.
 */
public final class Flops {

    /** FLOPs per MAC. */
    public static final int PER_MAC = 2;

    private Flops() {}

    /** FLOPs of {@code macs} multiply-accumulates. */
    public static long ofMacs(long macs) {
        return PER_MAC * macs;
    }
}
