package org.effbench.cli;

import java.util.Optional;
import org.effbench.base.Checks;
import org.effbench.energy.EnergySettings;
import org.effbench.energy.GridIntensity;
import org.effbench.energy.PowerEstimate;
import picocli.CommandLine.Option;

/**
 * The energy options of every command that derives results (analyze, quick, sweep, tune, jmh): the
 * watts per busy core where nothing is measured, and the grid's carbon intensity. Both are checked
 * before anything runs and recorded in the run's energy.json by the derivation.
 */
final class EnergyOptions {

    @Option(
            names = PowerEstimate.OPTION,
            paramLabel = "W",
            description =
                    "package watts attributed to one busy core (e.g. your CPU's TDP / physical cores), for"
                            + " the energy estimate where powercap measures nothing; default: this run's CPU"
                            + " from its machine.json in the TDP table, by model, else by CPUID family (the"
                            + " median over its SKUs), else no energy figure; recorded in the run's"
                            + " energy.json for later analyses")
    String wattsPerCore;

    @Option(
            names = GridIntensity.OPTION,
            paramLabel = "G",
            description =
                    "the grid's carbon intensity in g CO2e/kWh, for co2_g_per_1000_samples (default:"
                            + " 475, codecarbon's world average, IEA 2019); recorded likewise")
    String gridIntensity;

    /**
     * What was given, checked.
     *
     * @throws IllegalArgumentException naming a value out of range and the accepted one
     */
    EnergySettings.Given given() {
        Optional<Double> watts =
                Optional.ofNullable(wattsPerCore)
                        .map(
                                w ->
                                        Checks.within(
                                                PowerEstimate.OPTION,
                                                w,
                                                0,
                                                false,
                                                PowerEstimate.MAX_WATTS_PER_CORE,
                                                "watts per busy core"));
        Optional<Double> grid =
                Optional.ofNullable(gridIntensity)
                        .map(
                                g ->
                                        Checks.within(
                                                GridIntensity.OPTION,
                                                g,
                                                0,
                                                true,
                                                GridIntensity.MAX_GRAMS_PER_KWH,
                                                "g CO2e/kWh"));
        return new EnergySettings.Given(watts, grid);
    }
}
