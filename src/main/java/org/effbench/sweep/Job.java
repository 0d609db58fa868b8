package org.effbench.sweep;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.effbench.bench.InferenceConfig;
import org.effbench.model.ModelRef;
import org.effbench.serve.Durations;
import org.effbench.serve.ServeFiles;
import org.openjdk.jmh.annotations.Mode;

/**
 * One unit of a sweep, run by itself in fresh JVMs and kept in its own result file: a model
 * configuration of the JMH benchmark, a serve layout's capacity, or the machine's ceilings at one
 * thread count.
 */
public sealed interface Job {

    /** Stable, file-name-safe identity: the same definition always gives the same ids. */
    String id();

    LaunchSet launch();

    /**
     * The file in the run folder that holds the job's result, and whose presence says it is done:
     * {@code jmh-<id>.json}, or {@code serve-<id>.json} for a serve job.
     */
    default String resultFile() {
        return "jmh-" + id() + ".json";
    }

    /** What a round job's id ends with before its round number: {@code -r2}. */
    String ROUND_SUFFIX = "-r";

    /** The id's ending for {@code round}: none for 0 (a sweep without rounds). */
    private static String roundSuffix(int round) {
        return round == 0 ? "" : ROUND_SUFFIX + round;
    }

    /**
     * The round a result file or id belongs to ({@code jmh-…-sample-r2.json}: 2), from the suffix
     * {@link #id()} gives it; 0 for a job of a sweep without rounds. Every id ends in a mode,
     * {@code serve} or the peer's framework, never in {@code -r} and digits, so the suffix is
     * unambiguous.
     */
    public static int round(String name) {
        Matcher m = ROUND.matcher(name);
        return m.matches() ? Integer.parseInt(m.group(2)) : 0;
    }

    /** A file name or id without its round suffix: what the rounds of one configuration share. */
    public static String withoutRound(String name) {
        Matcher m = ROUND.matcher(name);
        return m.matches() ? m.group(1) + (m.group(3) == null ? "" : m.group(3)) : name;
    }

    /** An id, with its extension when a file name, whose last part is a round. */
    Pattern ROUND = Pattern.compile("(.*)" + ROUND_SUFFIX + "([1-9][0-9]*)(\\.[a-z]+(?:\\.gz)?)?");

    /** A model as it appears in an id: letters, digits and _ only. */
    private static String idOf(ModelRef model) {
        return model.toString().replaceAll("[^A-Za-z0-9_]", "");
    }

    /**
     * A model configuration.
     *
     * @param round which of the definition's rounds it is (1, 2, …); 0 in a sweep without rounds
     */
    record Model(
            LaunchSet launch,
            ModelRef model,
            int batch,
            int intraOpThreads,
            int interOpThreads,
            int callers,
            Mode mode,
            int round)
            implements Job {

        /**
         * The benchmark's parameters; checked here, so a definition cannot hold an impossible one.
         */
        public Model {
            config(model, batch, intraOpThreads, interOpThreads);
            if (round < 0) {
                throw new IllegalArgumentException("round " + round + "; accepted: 0 or more");
            }
        }

        /** A configuration of a sweep without rounds. */
        public Model(
                LaunchSet launch,
                ModelRef model,
                int batch,
                int intraOpThreads,
                int interOpThreads,
                int callers,
                Mode mode) {
            this(launch, model, batch, intraOpThreads, interOpThreads, callers, mode, 0);
        }

        /** The same configuration in round {@code r}. */
        public Model inRound(int r) {
            return new Model(
                    launch, model, batch, intraOpThreads, interOpThreads, callers, mode, r);
        }

        public InferenceConfig config() {
            return config(model, batch, intraOpThreads, interOpThreads);
        }

        private static InferenceConfig config(
                ModelRef model, int batch, int intraOpThreads, int interOpThreads) {
            return new InferenceConfig(model, batch, intraOpThreads, interOpThreads);
        }

        @Override
        public String id() {
            return String.join(
                            "-",
                            launch.name(),
                            idOf(model),
                            "b" + batch,
                            "t" + intraOpThreads,
                            "i" + interOpThreads,
                            "c" + callers,
                            mode.shortLabel())
                    + roundSuffix(round);
        }
    }

    /**
     * The peer framework on its twin's configuration (model, batch, threads; one caller, latency
     * distribution), run in its own process right after the twin so drift lands on both sides.
     */
    record Peer(Model twin) implements Job {

        /** The peer's files and ids say which framework ran. */
        public static final String FRAMEWORK = "pytorch";

        /** What {@link #resultFile} starts with; the post-processor reads every such CSV. */
        public static final String FILE_PREFIX = "peer-";

        public Peer {
            if (!measures(twin)) {
                throw new IllegalArgumentException(
                        "a peer runs beside a sample-mode configuration with one caller, not "
                                + twin.id());
            }
        }

        /** Whether a peer measures what {@code twin} does: one caller's latency distribution. */
        public static boolean measures(Model twin) {
            return twin.mode() == Mode.SampleTime && twin.callers() == 1;
        }

        @Override
        public LaunchSet launch() {
            return twin.launch();
        }

        /**
         * {@code default-resnet50-b8-t2-i0-c1-pytorch}: the twin's id, the framework for mode; in a
         * round, the twin's round suffix after it ({@code …-c1-pytorch-r2}).
         */
        @Override
        public String id() {
            String own = twin.inRound(0).id();
            return own.substring(0, own.length() - twin.mode().shortLabel().length())
                    + FRAMEWORK
                    + roundSuffix(twin.round());
        }

        /**
         * {@code peer-<id>.csv}: one row in effbench's schema, read like the older {@code
         * peer-pytorch.csv}.
         */
        @Override
        public String resultFile() {
            return FILE_PREFIX + id() + ".csv";
        }
    }

    /**
     * A serve layout: the capacity of {@code workers} x {@code threads} serving {@code model}
     * through a batcher of {@code maxBatch} and {@code maxDelayNanos}, found by the serve command
     * in a JVM of its own; the definition gives the bound and the run length.
     */
    record Serve(
            LaunchSet launch,
            ModelRef model,
            int workers,
            int threads,
            int maxBatch,
            long maxDelayNanos)
            implements Job {

        public Serve {
            new Layout(workers, threads);
            if (maxBatch < 1 || maxDelayNanos < 0) {
                throw new IllegalArgumentException(
                        "max batch " + maxBatch + " and delay " + maxDelayNanos + " ns");
            }
        }

        public Layout layout() {
            return new Layout(workers, threads);
        }

        /** {@code default-resnet50-w2-t1-mb8-d20ms-serve}. */
        @Override
        public String id() {
            return String.join(
                    "-",
                    launch.name(),
                    idOf(model),
                    "w" + workers,
                    "t" + threads,
                    "mb" + maxBatch,
                    "d" + Durations.text(maxDelayNanos),
                    "serve");
        }

        /** {@code serve-<id>.json}; its histograms are {@code serve-<id>.hlog} beside it. */
        @Override
        public String resultFile() {
            return ServeFiles.json(id());
        }

        /** The raw histograms, in HdrHistogram's log format. */
        public String histogramFile() {
            return ServeFiles.hlog(id());
        }
    }

    /**
     * The GEMM and memory-bandwidth ceilings at one intra-op thread count, with the first launch
     * set.
     */
    record Ceiling(LaunchSet launch, int intraOpThreads) implements Job {
        @Override
        public String id() {
            return "ceiling-t" + intraOpThreads;
        }
    }
}
