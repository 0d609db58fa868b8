package org.effbench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.effbench.Fixtures;
import org.effbench.energy.EnergyTable;
import org.effbench.metrics.StaticMetrics;
import org.effbench.model.ModelRef;
import org.effbench.serve.Arrival;
import org.effbench.serve.BatchPolicy;
import org.effbench.serve.Capacity;
import org.effbench.serve.PointResult;
import org.effbench.serve.RunLength;
import org.effbench.serve.ServeFiles;
import org.effbench.serve.ServeSettings;
import org.effbench.serve.ServeSetup;
import org.effbench.serve.Simulation;

/**
 * Serve runs on the serve package's simulated clock (the same queue, batcher, stop rules and search
 * as a real run, with service times given as a function), written with the serve command's own
 * writer and read back: the post-processor's fixtures, with outcomes that follow from the service
 * times alone.
 */
public final class ServeFixtures {

    public static final long MS = 1_000_000L;
    public static final long S = 1_000_000_000L;

    /** mlp's static metrics at batch 1 (DeriverTest's figures). */
    public static final StaticMetrics MLP = DeriverTest.MLP;

    private ServeFixtures() {}

    /**
     * A search (or one rate) on the simulated clock: 1,000 queries over 10 s make a valid point.
     */
    public static Capacity.Outcome run(
            int workers,
            Simulation.ServiceTime service,
            BatchPolicy policy,
            long boundNanos,
            OptionalDouble rate) {
        ServeSettings settings =
                new ServeSettings(
                        policy,
                        Arrival.POISSON,
                        new RunLength(1000, 10 * S, 1_000_000, 600 * S),
                        boundNanos,
                        ServeSettings.SEED,
                        rate,
                        10 * S);
        return Capacity.run(
                new Simulation(workers, service),
                settings,
                new Capacity.Listener() {
                    @Override
                    public void offline(PointResult offline) {}

                    @Override
                    public void point(int index, Capacity.Point point) {}
                });
    }

    /**
     * Writes {@code o} with the serve command's own writer into {@code dir}: as a sweep's job
     * {@code serve-<job>.json} and {@code .hlog}, or {@code serve.json} when {@code job} is empty;
     * naming its model ({@code model}, {@code input}) and launch set ({@code launch_set}) as {@code
     * extra} gives them, none when it is empty (a file from before those fields).
     *
     * @return the JSON's path
     */
    public static Path write(
            Path dir, String job, ServeSetup setup, Capacity.Outcome o, Map<String, String> extra)
            throws IOException {
        ServeFiles.Run run =
                new ServeFiles.Run(
                        Optional.ofNullable(extra.get("model"))
                                .map(m -> new ModelRef(m, extra.getOrDefault("input", ""))),
                        job.isEmpty() ? Optional.empty() : Optional.of(job),
                        Optional.ofNullable(extra.get("launch_set")),
                        Map.of("allocator", "tcmalloc", "mklOnAmd", "auto"),
                        List.of());
        return ServeFiles.write(dir, setup, o, run).get(0);
    }

    /**
     * The deriver of serve rows on the hand-made 2-core machine at 4 W per busy core, mlp known.
     */
    public static ServeRows rows() {
        return new ServeRows(
                new Deriver(
                        "run-1",
                        Optional.of(Fixtures.MACHINE),
                        (model, input, batch) ->
                                model.equals("mlp") && batch == 1
                                        ? Optional.of(MLP)
                                        : Optional.empty(),
                        Fixtures.ENERGY,
                        EnergyTable.horowitz45nm()));
    }

    /** The rows of {@code o} run with {@code setup}, as the post-processor derives them. */
    public static List<DerivedRow> derive(ServeSetup setup, Capacity.Outcome o) {
        return rows().derive(ServeFile.of(setup, o, Map.of()));
    }
}
