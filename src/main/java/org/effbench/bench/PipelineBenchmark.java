package org.effbench.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.effbench.engine.TorchEngine;
import org.effbench.model.InputSpec;
import org.effbench.model.LoadedModel;
import org.effbench.model.ModelSpec;
import org.effbench.pipeline.ImageBatches;
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

/**
 * An image model fed by a Java-side input step: decoding a batch of JPEGs and normalising them into
 * a float tensor. {@code sequential} prepares a batch, then runs it; {@code overlapped} prepares
 * the next batch on a second thread while the current one runs; {@code inferOnly} runs a batch
 * prepared once, the baseline that shows what preparation costs.
 *
 * <p>The primary score is the time per batch (batch size / score = samples per second): what a
 * serving loop sustains. The latency of a batch from the start of its preparation to its result is
 * a different figure once preparation is overlapped (a batch waits while the previous one runs), so
 * it is counted separately: {@code e2eMillis / e2eBatches} is its mean.
 *
 * <p>Run: {@code java -jar target/benchmarks.jar PipelineBenchmark -p mode=sequential,overlapped}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Dai.djl.offline=true", "-Djava.awt.headless=true"})
public class PipelineBenchmark {

    /** An image model of the zoo (3 x H x W input). */
    @Param("resnet18")
    public String model;

    @Param("8")
    public int batchSize;

    @Param("1")
    public int intraOpThreads;

    /** {@code inferOnly}, {@code sequential} or {@code overlapped}. */
    @Param({"inferOnly", "sequential", "overlapped"})
    public String mode;

    private LoadedModel loaded;
    private NDManager manager;
    private ImageBatches images;
    private Shape shape;
    private ExecutorService preparer;
    private Future<Prepared> next;
    private long batchIndex;
    private float[] preparedOnce;

    /** A normalised batch and when its preparation started. */
    private record Prepared(float[] pixels, long startNanos) {}

    @Setup(Level.Trial)
    public void setUp() {
        if (!Set.of("inferOnly", "sequential", "overlapped").contains(mode)) {
            throw new IllegalArgumentException(
                    "mode '"
                            + mode
                            + "' is not accepted; accepted: inferOnly, sequential, overlapped");
        }
        ModelSpec spec = ModelSpec.parse(model);
        InputSpec input = spec.input();
        if (input.sampleShape().dimension() != 3 || input.sampleShape().get(0) != 3) {
            throw new IllegalArgumentException(
                    "model '"
                            + model
                            + "' does not take images (input "
                            + input
                            + "); accepted: an image model such as resnet18, resnet50, mobilenet_v2");
        }
        TorchEngine.start(intraOpThreads);
        loaded = LoadedModel.load(spec);
        manager = NDManager.newBaseManager(TorchEngine.NAME);
        shape = input.batchShape(batchSize);
        images =
                new ImageBatches(
                        (int) input.sampleShape().get(1),
                        (int) input.sampleShape().get(2),
                        batchSize,
                        4,
                        11);
        if (mode.equals("inferOnly")) {
            preparedOnce = images.decodeNormalised(0);
        }
        if (mode.equals("overlapped")) {
            preparer =
                    Executors.newSingleThreadExecutor(
                            r -> {
                                Thread t = new Thread(r, "effbench-input");
                                t.setDaemon(true);
                                return t;
                            });
            next = preparer.submit(this::prepareNext);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (preparer != null) {
            next.get();
            preparer.shutdownNow();
        }
        if (manager != null) {
            manager.close();
        }
        if (loaded != null) {
            loaded.close();
        }
    }

    /** The sum of batches' end-to-end latencies and their count. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class EndToEnd {
        public double e2eMillis;
        public long e2eBatches;
    }

    @Benchmark
    public void batch(EndToEnd e2e, Blackhole blackhole) throws Exception {
        Prepared batch;
        if (preparedOnce != null) {
            batch = new Prepared(preparedOnce, System.nanoTime());
        } else if (preparer == null) {
            batch = prepareNext();
        } else {
            batch = next.get();
            next = preparer.submit(this::prepareNext);
        }
        blackhole.consume(infer(batch.pixels()));
        e2e.e2eMillis += (System.nanoTime() - batch.startNanos()) / 1e6;
        e2e.e2eBatches++;
    }

    private Prepared prepareNext() {
        long start = System.nanoTime();
        return new Prepared(images.decodeNormalised(batchIndex++), start);
    }

    private float infer(float[] pixels) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(FloatBuffer.wrap(pixels), shape);
            return loaded.inferInScope(scope, new NDList(x));
        }
    }
}
