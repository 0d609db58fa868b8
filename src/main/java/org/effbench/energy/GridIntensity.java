package org.effbench.energy;

import java.util.Locale;
import org.effbench.base.Figures;

/**
 * The carbon intensity of the electricity, in g CO2e per kWh, and where it comes from; CO2 per
 * sample follows from energy per sample. Without {@link #OPTION} it is codecarbon's fallback when
 * it knows nothing of the grid: the world average, 475 g CO2e/kWh, which codecarbon takes from the
 * IEA's Global Energy & CO2 Status Report 2019 ({@code
 * codecarbon/data/private_infra/carbon_intensity_per_source.json}, {@code world_average}). Like
 * codecarbon by default (PUE 1.0), no data-centre overhead (PUE) is added.
 */
public record GridIntensity(double gramsPerKwh, String source) {

    /** The option that gives the grid's intensity (analyze, quick, sweep, tune, jmh). */
    public static final String OPTION = "--grid-intensity";

    /** The accepted range of {@link #OPTION}: from 0 to this (coal alone is about 1,000). */
    public static final double MAX_GRAMS_PER_KWH = 2000;

    public static final GridIntensity DEFAULT =
            new GridIntensity(
                    475,
                    "codecarbon's world-average fallback (IEA, Global Energy & CO2 Status Report"
                            + " 2019); set "
                            + OPTION
                            + " for your grid");

    private static final double JOULES_PER_KWH = 3.6e6;

    public GridIntensity {
        if (!(gramsPerKwh >= 0) || Double.isInfinite(gramsPerKwh)) {
            throw new IllegalArgumentException(
                    "grid intensity must be 0 or more g CO2e/kWh, got " + gramsPerKwh);
        }
    }

    /** The user's figure. */
    public static GridIntensity given(double gramsPerKwh) {
        return new GridIntensity(
                gramsPerKwh, OPTION + " " + Figures.asTyped(gramsPerKwh) + ", given");
    }

    /** Grams of CO2e for 1,000 samples of {@code joulesPerSample} each. */
    public double gramsPer1000Samples(double joulesPerSample) {
        return joulesPerSample * 1000 / JOULES_PER_KWH * gramsPerKwh;
    }

    /** What {@code co2_source} says. */
    public String label() {
        return String.format(
                Locale.ROOT,
                "%s g CO2e/kWh, %s; no PUE (codecarbon's default 1.0)",
                Figures.asTyped(gramsPerKwh),
                source);
    }
}
