package org.effbench.sweep;

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
        for (ModelRef model : d.models()) {
            for (int batch : d.batchSizes()) {
                for (int intra : d.intraOpThreads()) {
                    for (int inter : d.interOpThreads()) {
                        for (int callers : d.callers()) {
                            for (Mode mode : d.modes()) {
                                for (LaunchSet launch : d.launches()) {
                                    jobs.add(new Job.Model(launch, model, batch, intra, inter, callers, mode));
                                }
                            }
                        }
                    }
                }
            }
        }
        if (d.interleave() == SweepDefinition.Interleave.MODELS) {
            // stable: the models stay in the file's order within each configuration
            jobs.sort(Comparator.comparingInt((Job.Model j) -> d.batchSizes().indexOf(j.batch()))
                    .thenComparingInt(j -> d.intraOpThreads().indexOf(j.intraOpThreads()))
                    .thenComparingInt(j -> d.interOpThreads().indexOf(j.interOpThreads()))
                    .thenComparingInt(j -> d.callers().indexOf(j.callers()))
                    .thenComparingInt(j -> d.modes().indexOf(j.mode()))
                    .thenComparingInt(j -> d.launches().indexOf(j.launch())));
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
        if (d.ceilingMatrixSize() > 0 || d.ceilingArrayMiB() > 0) {
            d.intraOpThreads().forEach(t -> jobs.add(new Job.Ceiling(d.launches().get(0), t)));
        }
        return jobs;
    }
}
