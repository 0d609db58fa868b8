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
import static org.effbench.sweep.SweepKey.LAYOUTS;
import static org.effbench.sweep.SweepKey.MAX_BATCH;
import static org.effbench.sweep.SweepKey.MAX_DELAY;
import static org.effbench.sweep.SweepKey.MODELS;
import static org.effbench.sweep.SweepKey.MODES;
import static org.effbench.sweep.SweepKey.PEER;
import static org.effbench.sweep.SweepKey.ROUNDS;

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
 * With {@code interleave = models} the models vary fastest instead, for runs that compare models. A
 * serve definition's jobs are ordered the same way over its own keys (see {@link #serves}).
 * Ceilings are not sharded: every machine measures its own, or its % of peak would be someone
 * else's. With {@code rounds = N} the whole list of a round runs N times, round after round; the
 * ceilings run once, after the last round: they are the denominators of % of peak, measured alone
 * on a quiet machine, not configurations a ratio judges.
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

    /**
     * The serve jobs in a fixed order (model, layout, max batch, launch set; the file's order
     * within each), launch sets fastest as for the benchmark's jobs; with {@code interleave =
     * models} the models vary fastest. A job with max batch 1 never waits for a batch, so its delay
     * is 0 whatever the definition's (its id and files then say what ran).
     */
    public static List<Job.Serve> serves(SweepDefinition d) {
        List<Job.Serve> jobs = new ArrayList<>();
        for (ModelRef model : d.get(MODELS)) {
            for (Layout layout : d.get(LAYOUTS)) {
                for (int maxBatch : d.get(MAX_BATCH)) {
                    for (LaunchSet launch : d.get(LAUNCHES)) {
                        jobs.add(
                                new Job.Serve(
                                        launch,
                                        model,
                                        layout.workers(),
                                        layout.threads(),
                                        maxBatch,
                                        maxBatch == 1 ? 0 : d.get(MAX_DELAY)));
                    }
                }
            }
        }
        if (d.get(INTERLEAVE) == SweepDefinition.Interleave.MODELS) {
            // stable: the models stay in the file's order within each configuration
            jobs.sort(
                    Comparator.comparingInt((Job.Serve j) -> d.get(LAYOUTS).indexOf(j.layout()))
                            .thenComparingInt(j -> d.get(MAX_BATCH).indexOf(j.maxBatch()))
                            .thenComparingInt(j -> d.get(LAUNCHES).indexOf(j.launch())));
        }
        return jobs;
    }

    /**
     * The configurations of the definition's kind: model jobs, each sample-mode one with one caller
     * followed by its peer's job when the definition names a peer; or serve jobs.
     */
    public static List<? extends Job> configurations(SweepDefinition d) {
        if (d.kind() == SweepKind.SERVE) {
            return serves(d);
        }
        List<Job> jobs = new ArrayList<>();
        int rounds = d.get(ROUNDS);
        List<Job.Model> models = models(d);
        // round-major: drift over the run lands on every configuration alike
        for (int r = 1; r <= rounds; r++) {
            for (Job.Model m : models) {
                // a sweep without rounds keeps its ids
                Job.Model job = m.inRound(rounds == 1 ? 0 : r);
                jobs.add(job);
                if (d.get(PEER) != SweepDefinition.Peer.NONE && Job.Peer.measures(job)) {
                    jobs.add(new Job.Peer(job));
                }
            }
        }
        return jobs;
    }

    /**
     * The intra-op thread counts the ceilings run at: each of the definition's; for a serve
     * definition each distinct count of cores its layouts keep busy (workers x threads, at most the
     * machine's cores), since its rows are set against the peak of the cores they use.
     */
    public static List<Integer> ceilingThreads(SweepDefinition d) {
        if (d.kind() == SweepKind.SERVE) {
            return d.get(LAYOUTS).stream().map(l -> l.cores(d.cores())).distinct().toList();
        }
        return d.get(INTRA_OP_THREADS);
    }

    /**
     * The shard's configurations, then the ceilings. A peer job goes with its twin's shard (it is
     * compared with the twin, so both must run on one machine), and counts for no position; so do
     * the rounds of a configuration (they are pooled into one row): its position is its place
     * within a round.
     */
    public static List<Job> jobs(SweepDefinition d, Shard shard) {
        List<Job> jobs = new ArrayList<>();
        int position = 0;
        int round = -1;
        boolean twinIn = false;
        for (Job job : configurations(d)) {
            if (job instanceof Job.Peer) {
                if (twinIn) {
                    jobs.add(job);
                }
                continue;
            }
            if (job instanceof Job.Model m && m.round() != round) {
                round = m.round();
                position = 0;
            }
            twinIn = shard.contains(position++);
            if (twinIn) {
                jobs.add(job);
            }
        }
        if (d.get(CEILING_MATRIX_SIZE) > 0 || d.get(CEILING_ARRAY_MIB) > 0 || d.get(CEILING_FMA)) {
            ceilingThreads(d).forEach(t -> jobs.add(new Job.Ceiling(d.get(LAUNCHES).get(0), t)));
        }
        return jobs;
    }
}
