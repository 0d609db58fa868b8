package org.effbench.sweep;

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

    /** A model as it appears in an id: letters, digits and _ only. */
    private static String idOf(ModelRef model) {
        return model.toString().replaceAll("[^A-Za-z0-9_]", "");
    }

    /** A model configuration. */
    record Model(
            LaunchSet launch,
            ModelRef model,
            int batch,
            int intraOpThreads,
            int interOpThreads,
            int callers,
            Mode mode)
            implements Job {

        /**
         * The benchmark's parameters; checked here, so a definition cannot hold an impossible one.
         */
        public Model {
            config(model, batch, intraOpThreads, interOpThreads);
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
                    mode.shortLabel());
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

        /** {@code default-resnet50-b8-t2-i0-c1-pytorch}: the twin's id, the framework for mode. */
        @Override
        public String id() {
            String own = twin.id();
            return own.substring(0, own.length() - twin.mode().shortLabel().length()) + FRAMEWORK;
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
