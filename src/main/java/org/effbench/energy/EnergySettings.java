package org.effbench.energy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a run's energy figures are derived with, recorded in its folder ({@value #FILE}) when first
 * derived, so that analysing it again later, on any machine, gives the same figures: the watts per
 * busy core (from the run's own CPU, never the analysing machine's) and the grid intensity.
 */
public record EnergySettings(PowerEstimate power, GridIntensity grid) {

    public static final String FILE = "energy.json";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What the user gave on the command line; each empty when not given.
     *
     * @param wattsPerCore {@link PowerEstimate#OPTION}
     * @param gramsPerKwh {@link GridIntensity#OPTION}
     */
    public record Given(Optional<Double> wattsPerCore, Optional<Double> gramsPerKwh) {

        public static final Given NOTHING = new Given(Optional.empty(), Optional.empty());
    }

    /**
     * Each figure from, first found: what the user gives now, what the run recorded (a recorded
     * "none" is resolved again), the run's CPU in the TDP table; the grid intensity from the user,
     * the record, else {@link GridIntensity#DEFAULT}.
     *
     * @param cpu the CPU of the run's machine.json; empty when the run has none
     */
    public static EnergySettings resolve(
            Given given,
            Optional<EnergySettings> recorded,
            Optional<CpuIdentity> cpu,
            CpuTdpTable table) {
        PowerEstimate power =
                given.wattsPerCore().isEmpty()
                                && recorded.isPresent()
                                && recorded.get().power().known()
                        ? recorded.get().power()
                        : table.resolve(given.wattsPerCore(), cpu);
        GridIntensity grid =
                given.gramsPerKwh()
                        .map(GridIntensity::given)
                        .orElse(recorded.map(EnergySettings::grid).orElse(GridIntensity.DEFAULT));
        return new EnergySettings(power, grid);
    }

    public String toJson() throws IOException {
        return JSON.writeValueAsString(this) + "\n";
    }

    public static EnergySettings read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), EnergySettings.class);
    }
}
