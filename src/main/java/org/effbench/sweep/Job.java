package org.effbench.sweep;

import org.effbench.bench.InferenceConfig;
import org.effbench.model.ModelRef;
import org.openjdk.jmh.annotations.Mode;

/**
 * One unit of a sweep, run by itself in fresh forks and kept in its own JSON file: a model
 * configuration, or the machine's ceilings at one thread count.
 */
public sealed interface Job {

    /** Stable, file-name-safe identity: the same definition always gives the same ids. */
    String id();

    LaunchSet launch();

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
                    model.toString().replaceAll("[^A-Za-z0-9_]", ""),
                    "b" + batch,
                    "t" + intraOpThreads,
                    "i" + interOpThreads,
                    "c" + callers,
                    mode.shortLabel());
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
