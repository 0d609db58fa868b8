package org.effbench.bench;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.concurrent.TimeUnit;
import org.effbench.energy.Powercap;
import org.effbench.engine.TorchEngine;
import org.effbench.model.ForwardModel;
import org.effbench.model.ModelRef;
import org.effbench.model.TorchScriptModel;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Inference latency and throughput of one zoo model at one batch size and intra-op thread count.
 *
 * <p>Measures one forward pass per invocation: SampleTime gives the latency distribution of a
 * batch, Throughput the batches per unit of time (samples/s = batches/s x batch size). Concurrent
 * callers are JMH threads ({@code -t}); each owns its input and a per-invocation scope for what the
 * pass allocates.
 *
 * <p>Pitfalls it avoids: outputs attached to a long-lived manager (memory grows and the pass gets
 * several times slower), inputs the JIT could fold (they are native arrays made in setup), thread
 * counts leaking between configurations (one fork each: libtorch's count is process-wide), a shape
 * seen for the first time inside the measurement (warm-up runs the same batch size).
 *
 * <p>Run: {@code java -jar target/benchmarks.jar -p model=resnet50 -p batchSize=1,8 -p
 * intraOpThreads=1,2 -t 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Dai.djl.offline=true"})
public class InferenceBenchmark {

    /** The benchmark as JMH names it, and as results.csv does (class.method). */
    public static final String BENCHMARK = InferenceBenchmark.class.getName() + ".infer";

    public static final String SHORT_NAME = InferenceBenchmark.class.getSimpleName() + ".infer";

    /**
     * A zoo model id, optionally with a sequence length ({@code resnet50}, {@code
     * bert_base:seq=256}), or a TorchScript file ({@code file:model.pt}, with {@link #input}).
     */
    @Param("mlp")
    public String model;

    /**
     * A file model's input shapes, batch first ({@code 1x3x224x224}, {@code
     * 1x128:int64,1x128:int64}); the batch is replaced by batchSize.
     */
    @Param("")
    public String input;

    /** Samples per forward pass. */
    @Param("1")
    public int batchSize;

    /** libtorch intra-op threads for the whole fork. */
    @Param("1")
    public int intraOpThreads;

    /**
     * libtorch inter-op threads (parallelism across independent operators); 0 keeps libtorch's
     * default.
     */
    @Param("0")
    public int interOpThreads;

    private ForwardModel loaded;

    @Setup(Level.Trial)
    public void loadModel() {
        InferenceConfig config =
                new InferenceConfig(
                        ModelRef.parse(model, input), batchSize, intraOpThreads, interOpThreads);
        TorchEngine.start(config.intraOpThreads(), config.interOpThreads());
        if (interOpThreads > 0 && TorchEngine.interOpThreads() != interOpThreads) {
            throw new IllegalStateException(
                    "libtorch runs "
                            + TorchEngine.interOpThreads()
                            + " inter-op threads, configured "
                            + interOpThreads);
        }
        try {
            loaded = config.model().load();
            if (loaded instanceof TorchScriptModel file) {
                // to the run's log: which int8 kernels ran this fork
                System.out.println(
                        "effbench: "
                                + model
                                + " loaded on quantized engine "
                                + file.quantizedEngine());
            }
        } catch (IllegalArgumentException e) {
            throw e; // names the file and libtorch's reason already
        } catch (RuntimeException e) {
            throw failure("cannot load", e);
        }
    }

    /**
     * A failure of the model in one line that names it, with libtorch's reason (not its TorchScript
     * traceback): what the runner reports and records; the stack trace stays in the run's log.
     */
    IllegalStateException failure(String what, RuntimeException e) {
        return new IllegalStateException(
                "model "
                        + model
                        + " "
                        + what
                        + " at batch "
                        + batchSize
                        + ": "
                        + TorchScriptModel.reason(e),
                e);
    }

    @TearDown(Level.Trial)
    public void closeModel() {
        if (loaded != null) {
            loaded.close();
        }
    }

    /** What one concurrent caller owns: its input batch on its own manager. */
    @State(Scope.Thread)
    public static class Caller {

        private NDManager manager;
        private NDList input;

        @Setup(Level.Trial)
        public void makeInput(InferenceBenchmark benchmark, ThreadParams thread) {
            int threads = TorchEngine.threadsOfCallingThread();
            if (threads != benchmark.intraOpThreads) {
                throw new IllegalStateException(
                        "caller thread runs libtorch with "
                                + threads
                                + " threads, configured "
                                + benchmark.intraOpThreads);
            }
            manager = NDManager.newBaseManager(TorchEngine.NAME);
            try {
                input =
                        benchmark.loaded.newInput(
                                manager, benchmark.batchSize, 1000L + thread.getThreadIndex());
            } catch (EngineException e) {
                throw benchmark.failure("cannot make its input", e);
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            if (manager != null) {
                manager.close();
            }
        }
    }

    /**
     * Package energy over the measured iterations from Linux powercap, read by the first caller
     * only (the counters are machine-wide), and the samples all callers processed meanwhile. JMH
     * sums these over iterations and callers; {@code energyReadings} stays 0 where the machine
     * exposes no counter, and then nothing is claimed as measured.
     */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Energy {
        public double energyJoules;
        public long energySamples;
        public long energyReadings;

        private final Powercap powercap = new Powercap(Powercap.DEFAULT_ROOT);
        private Powercap.Reading before;
        private boolean counting;

        @Setup(Level.Iteration)
        public void start(IterationParams iteration, ThreadParams thread) {
            counting = iteration.getType() == IterationType.MEASUREMENT;
            before = counting && thread.getThreadIndex() == 0 ? powercap.read().orElse(null) : null;
        }

        @TearDown(Level.Iteration)
        public void stop() {
            if (before != null) {
                powercap.read()
                        .ifPresent(
                                after -> {
                                    energyJoules += Powercap.joulesBetween(before, after);
                                    energyReadings++;
                                });
            }
        }
    }

    @Benchmark
    public void infer(Caller caller, Energy energy, Blackhole blackhole) {
        try {
            blackhole.consume(loaded.inferInScope(caller.manager, caller.input));
        } catch (EngineException e) {
            throw failure("failed a forward pass", e);
        }
        if (energy.counting) {
            energy.energySamples += batchSize;
        }
    }
}
