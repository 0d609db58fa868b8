package org.effbench.serve;

import org.effbench.base.Checks;

/**
 * The serve command's options as the command and a sweep's serve jobs write them: each option's
 * name, its default as typed and its smallest value, as compile-time constants (picocli's
 * annotations take only those), and the checks of its value. A sweep definition's serve keys take
 * their defaults and checks from here, so a definition accepts what the command accepts.
 */
public final class ServeOptions {

    /** The command's name. */
    public static final String COMMAND = "serve";

    public static final String P99 = "--p99";
    public static final String WORKERS = "--workers";
    public static final String THREADS = "--threads";
    public static final String MAX_BATCH = "--max-batch";
    public static final String MAX_DELAY = "--max-delay";
    public static final String ARRIVAL = "--arrival";
    public static final String RATE = "--rate";
    public static final String SECONDS = "--seconds";
    public static final String QUERIES = "--queries";
    public static final String MIN_SECONDS = "--min-seconds";
    public static final String MIN_QUERIES = "--min-queries";
    public static final String SEED = "--seed";

    /** Hidden: a sweep's job id; the files are then {@code serve-<id>.json} and {@code .hlog}. */
    public static final String JOB_ID = "--job-id";

    /** Hidden: the sweep's run folder, where a job writes its files (no folder of its own). */
    public static final String INTO = "--into";

    public static final String WORKERS_DEFAULT = "1";
    public static final String MAX_BATCH_DEFAULT = "1";

    /** No waiting: whatever is waiting goes at once. */
    public static final String MAX_DELAY_DEFAULT = "0ms";

    public static final String ARRIVAL_DEFAULT = "poisson";
    public static final String SECONDS_DEFAULT = "120";
    public static final String QUERIES_DEFAULT = "100000";

    /** LoadGen's own default minimum duration (see {@link RunLength#MIN_NANOS}). */
    public static final String MIN_SECONDS_DEFAULT = "10";

    /** What a p99 needs by the percentile rule (see {@link RunLength#MIN_QUERIES}). */
    public static final String MIN_QUERIES_DEFAULT = "1000";

    public static final String SEED_DEFAULT = "42";

    public static final int WORKERS_MIN = 1;
    public static final int SECONDS_MIN = 1;
    public static final int QUERIES_MIN = 1;
    public static final int MIN_SECONDS_MIN = 0;
    public static final int MIN_QUERIES_MIN = 1;
    public static final int SEED_MIN = 0;

    private ServeOptions() {}

    /**
     * The latency bound, in nanoseconds, above 0.
     *
     * @throws IllegalArgumentException naming {@code name}, the value and what is accepted
     */
    public static long bound(String name, String text) {
        return Durations.parse(name, text, 1);
    }

    /**
     * The batcher's wait, in nanoseconds, 0 up to {@link BatchPolicy#MAX_DELAY_NANOS}.
     *
     * @throws IllegalArgumentException naming {@code name}, the value and what is accepted
     */
    public static long maxDelay(String name, String text) {
        long delay = Durations.parse(name, text, 0);
        if (delay > BatchPolicy.MAX_DELAY_NANOS) {
            throw new IllegalArgumentException(
                    name
                            + " '"
                            + text
                            + "' is not accepted; accepted: at most "
                            + Durations.text(BatchPolicy.MAX_DELAY_NANOS));
        }
        return delay;
    }

    /**
     * How long a run of {@code minSeconds} to {@code seconds} per point, issuing {@code minQueries}
     * to {@code queries}, runs, each checked.
     *
     * @throws IllegalArgumentException naming the option, the value and what is accepted
     */
    public static RunLength length(long minQueries, long minSeconds, long queries, long seconds) {
        Checks.atLeast(SECONDS, seconds, SECONDS_MIN);
        Checks.atLeast(QUERIES, queries, QUERIES_MIN);
        Checks.atLeast(MIN_SECONDS, minSeconds, MIN_SECONDS_MIN);
        Checks.atLeast(MIN_QUERIES, minQueries, MIN_QUERIES_MIN);
        return new RunLength(
                minQueries, minSeconds * 1_000_000_000L, queries, seconds * 1_000_000_000L);
    }
}
