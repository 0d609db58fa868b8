package org.effbench.sweep;

import static org.effbench.sweep.SweepKey.BATCH_SIZES;
import static org.effbench.sweep.SweepKey.CALLERS;
import static org.effbench.sweep.SweepKey.CEILING_ARRAY_MIB;
import static org.effbench.sweep.SweepKey.CEILING_FMA;
import static org.effbench.sweep.SweepKey.CEILING_MATRIX_SIZE;
import static org.effbench.sweep.SweepKey.INTERLEAVE;
import static org.effbench.sweep.SweepKey.INTER_OP_THREADS;
import static org.effbench.sweep.SweepKey.INTRA_OP_THREADS;
import static org.effbench.sweep.SweepKey.LAUNCHES;
import static org.effbench.sweep.SweepKey.MODELS;
import static org.effbench.sweep.SweepKey.MODES;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.effbench.model.ModelRef;
import org.openjdk.jmh.annotations.Mode;

/**
 * The jobs of a definition in a fixed order (model, batch, intra-op threads, inter-op threads,
 * callers, mode, launch set; the file's order within each), and the part of them a shard runs.
 * Launch sets vary fastest, so the settings a tuning run compares are measured minutes apart, not
 * at opposite ends of the run: on a shared, drifting machine that is what makes their ratios fair.
 * With {@code interleave = models} the models vary fastest instead, for runs that compare models.
 * Ceilings are not sharded: every machine measures its own, or its % of peak would be someone
 * else's.
 */
public final class SweepPlan {

    private SweepPlan() {}

    public static List<Job.Model> models(SweepDefinition d) {
        List<Job.Model> jobs = new ArrayList<>();
        for (ModelRef model : d.get(MODELS)) {
            for (int batch : d.get(BATCH_SIZES)) {
                for (int intra : d.get(INTRA_OP_THREADS)) {
                    for (int inter : d.get(INTER_OP_THREADS)) {
                        for (int callers : d.get(CALLERS)) {
                            for (Mode mode : d.get(MODES)) {
                                for (LaunchSet launch : d.get(LAUNCHES)) {
                                    jobs.add(
                                            new Job.Model(
                                                    launch, model, batch, intra, inter, callers,
                                                    mode));
                                }
                            }
                        }
                    }
                }
            }
        }
        if (d.get(INTERLEAVE) == SweepDefinition.Interleave.MODELS) {
            // stable: the models stay in the file's order within each configuration
            jobs.sort(
                    Comparator.comparingInt((Job.Model j) -> d.get(BATCH_SIZES).indexOf(j.batch()))
                            .thenComparingInt(
                                    j -> d.get(INTRA_OP_THREADS).indexOf(j.intraOpThreads()))
                            .thenComparingInt(
                                    j -> d.get(INTER_OP_THREADS).indexOf(j.interOpThreads()))
                            .thenComparingInt(j -> d.get(CALLERS).indexOf(j.callers()))
                            .thenComparingInt(j -> d.get(MODES).indexOf(j.mode()))
                            .thenComparingInt(j -> d.get(LAUNCHES).indexOf(j.launch())));
        }
        return jobs;
    }

    /** The shard's model jobs, then the ceilings. */
    public static List<Job> jobs(SweepDefinition d, Shard shard) {
        List<Job> jobs = new ArrayList<>();
        List<Job.Model> models = models(d);
        for (int i = 0; i < models.size(); i++) {
            if (shard.contains(i)) {
                jobs.add(models.get(i));
            }
        }
        if (d.get(CEILING_MATRIX_SIZE) > 0 || d.get(CEILING_ARRAY_MIB) > 0 || d.get(CEILING_FMA)) {
            d.get(INTRA_OP_THREADS)
                    .forEach(t -> jobs.add(new Job.Ceiling(d.get(LAUNCHES).get(0), t)));
        }
        return jobs;
    }
}
