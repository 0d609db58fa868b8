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
