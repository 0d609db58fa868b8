package org.effbench.energy;

import java.util.Locale;

/**
 * Energy from power x time when nothing is measured: a package power per busy core, stated with
 * where the figure comes from. The default is a public TDP divided by cores, not a measurement of
 * this machine.
 *
 * @param wattsPerCore package power attributed to one busy core
 * @param basis where the figure comes from
 */
public record PowerEstimate(double wattsPerCore, String basis) {

    /** AMD EPYC 9755 (Zen 5, the CPU family of the reference machine): 500 W TDP over 128 cores. */
    public static final PowerEstimate DEFAULT =
            new PowerEstimate(500.0 / 128, "AMD EPYC 9755 TDP 500 W / 128 cores");

    public PowerEstimate {
        if (!(wattsPerCore > 0)) {
            throw new IllegalArgumentException(
                    "watts per core must be positive, got " + wattsPerCore);
        }
    }

    /** Joules per sample when {@code busyCores} cores work at {@code samplesPerSecond}. */
    public double joulesPerSample(int busyCores, double samplesPerSecond) {
        return wattsPerCore * busyCores / samplesPerSecond;
    }

    public String label(int busyCores) {
        return String.format(
                Locale.ROOT,
                "estimated: %.2f W/core x %d cores (%s)",
                wattsPerCore,
                busyCores,
                basis);
    }
}
