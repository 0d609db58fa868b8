package org.effbench.energy;

import java.util.Locale;
import org.effbench.base.Figures;

/**
 * Energy from power x time when nothing is measured: a package power per busy core and where it
 * comes from, in the order {@link CpuTdpTable#resolve} tries them: given by the user, the CPU
 * model's TDP over its cores, the median over its family's SKUs, or none (no figure, and why).
 *
 * @param wattsPerCore package power attributed to one busy core; 0 when {@code source} is NONE
 * @param basis where the figure comes from; for NONE, why there is none and how to give one
 */
public record PowerEstimate(Source source, double wattsPerCore, String basis) {

    /** The option that gives the watts per busy core (analyze, quick, sweep, tune, jmh). */
    public static final String OPTION = "--watts-per-core";

    /** The accepted range of {@link #OPTION}: above 0, at most this. */
    public static final double MAX_WATTS_PER_CORE = 1000;

    /** Where the watts per core come from, most trusted first. */
    public enum Source {
        /** {@link #OPTION}, given by the user */
        GIVEN,
        /** the CPU model's TDP / physical cores, from the TDP table */
        MODEL_TDP,
        /** the median TDP / core over the CPU family's SKUs: the SKU is hidden or unlisted */
        FAMILY_TDP,
        /** no figure */
        NONE
    }

    public PowerEstimate {
        if (source == Source.NONE) {
            wattsPerCore = 0;
        } else if (!(wattsPerCore > 0) || Double.isInfinite(wattsPerCore)) {
            throw new IllegalArgumentException(
                    "watts per core must be positive, got " + wattsPerCore);
        }
    }

    /** The user's figure: package watts attributed to one busy core. */
    public static PowerEstimate given(double wattsPerCore) {
        return new PowerEstimate(
                Source.GIVEN,
                wattsPerCore,
                String.format(Locale.ROOT, "%s %s, given", OPTION, Figures.asTyped(wattsPerCore)));
    }

    /** No figure, with the reason and how to give one. */
    public static PowerEstimate none(String reason) {
        return new PowerEstimate(
                Source.NONE,
                0,
                reason + "; give " + OPTION + " W (package watts per busy core) for an estimate");
    }

    public boolean known() {
        return source != Source.NONE;
    }

    /** Joules per sample when {@code busyCores} cores work at {@code samplesPerSecond}. */
    public double joulesPerSample(int busyCores, double samplesPerSecond) {
        return known() ? wattsPerCore * busyCores / samplesPerSecond : Double.NaN;
    }

    /** What {@code energy_source} says: the figure, the cores it is applied to, its basis. */
    public String label(int busyCores) {
        if (!known()) {
            return "none: " + basis;
        }
        return String.format(
                Locale.ROOT,
                "estimated: %.2f W/core x %d %s (%s)",
                wattsPerCore,
                busyCores,
                busyCores == 1 ? "core" : "cores",
                basis);
    }
}
