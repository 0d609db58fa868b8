package org.effbench.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
 * The machine's fp32 arithmetic peak, measured: fused multiply-adds on {@value #ACCUMULATORS}
 * independent vector accumulators of the JDK's preferred species (the widest vectors the JIT
 * compiles to, e.g. 16 fp32 lanes with AVX-512), no memory traffic, on {@code intraOpThreads}
 * threads at once (the caller and a pool of the rest). Independent accumulators hide the FMA's
 * latency, so the loop runs at the FMA units' throughput. GFLOP/s in the secondary metric {@code
 * gflop} (2 FLOPs per lane per FMA) and billions of vector FMA instructions per second in {@code
 * gfma}; their ratio is 2 x lanes. The post-processor uses it as the 100% of {@code pct_of_peak}.
 *
 * <p>The pitfall it avoids: one accumulator measures the FMA's latency (4 cycles), not its
 * throughput; a loop over an array measures the caches. The accumulators' sums go to a Blackhole,
 * and the multiplier and addend are non-final fields, so nothing folds.
 *
 * <p>The Vector API is an incubator module: the fork starts with {@code --add-modules
 * jdk.incubator.vector} and prints one "Using incubator modules" warning on its stderr.
 *
 * <p>Run: {@code java -jar target/benchmarks.jar FmaPeakBenchmark -p intraOpThreads=1,2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"},
        jvmArgsAppend = {"-Dai.djl.offline=true"})
public class FmaPeakBenchmark {

    /** Independent accumulators per thread: more than latency x FMA units (4 x 2) hides both. */
    public static final int ACCUMULATORS = 12;

    /** Loop steps per thread per invocation (each step one FMA on every accumulator). */
    public static final int STEPS = 1 << 20;

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** Threads running the loop at once. */
    @Param("1")
    public int intraOpThreads;

    /** Non-final so the JIT cannot fold the loop. */
    public float multiplier = 0.99999f;

    public float addend = 1e-3f;

    private ExecutorService pool;
    private double gflopPerInvocation;
    private double gfmaPerInvocation;

    /** fp32 lanes of the preferred species in this JVM. */
    public static int lanes() {
        return SPECIES.length();
    }

    /** FLOPs of one invocation: lanes x 2 (multiply and add) x accumulators x steps x threads. */
    public static double flopsPerInvocation(int lanes, int threads) {
        return (double) lanes * 2 * ACCUMULATORS * STEPS * threads;
    }

    @Setup(Level.Trial)
    public void start() {
        BenchParam.INTRA_OP_THREADS.check(intraOpThreads);
        gflopPerInvocation = flopsPerInvocation(lanes(), intraOpThreads) / 1e9;
        gfmaPerInvocation = (double) ACCUMULATORS * STEPS * intraOpThreads / 1e9;
        compile(multiplier, addend);
        if (intraOpThreads > 1) {
            pool =
                    Executors.newFixedThreadPool(
                            intraOpThreads - 1,
                            r -> {
                                Thread t = new Thread(r, "fma-peak");
                                t.setDaemon(true);
                                return t;
                            });
        }
    }

    /**
     * Short calls until the JIT has compiled the kernel (or 3 s passed): interpreted, the Vector
     * API allocates an object per operation and one full call takes seconds, which a short warm-up
     * would count.
     */
    static float compile(float m, float a) {
        long end = System.nanoTime() + 3_000_000_000L;
        float sink = 0;
        for (int i = 0; i < 30_000 && System.nanoTime() < end; i++) {
            sink += kernel(m, a, 32);
        }
        return sink;
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Billions of FLOPs and of vector FMA instructions done; JMH reports them per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Flops {
        public double gflop;
        public double gfma;
    }

    @Benchmark
    public void fma(Flops flops, Blackhole blackhole)
            throws InterruptedException, ExecutionException {
        float m = multiplier;
        float a = addend;
        if (pool == null) {
            blackhole.consume(kernel(m, a, STEPS));
        } else {
            List<Future<Float>> others = new ArrayList<>(intraOpThreads - 1);
            for (int i = 1; i < intraOpThreads; i++) {
                others.add(pool.submit(() -> kernel(m, a, STEPS)));
            }
            blackhole.consume(kernel(m, a, STEPS));
            for (Future<Float> f : others) {
                blackhole.consume(f.get().floatValue());
            }
        }
        flops.gflop += gflopPerInvocation;
        flops.gfma += gfmaPerInvocation;
    }

    /**
     * {@code steps} FMAs ({@code acc = acc x m + a}) on each of the accumulators, in registers; the
     * sum of their lanes at the end. With m just below 1 each accumulator converges to a / (1 - m),
     * so no value overflows or becomes subnormal.
     */
    static float kernel(float m, float a, int steps) {
        FloatVector vm = FloatVector.broadcast(SPECIES, m);
        FloatVector va = FloatVector.broadcast(SPECIES, a);
        FloatVector a0 = FloatVector.broadcast(SPECIES, 0f);
        FloatVector a1 = FloatVector.broadcast(SPECIES, 1f);
        FloatVector a2 = FloatVector.broadcast(SPECIES, 2f);
        FloatVector a3 = FloatVector.broadcast(SPECIES, 3f);
        FloatVector a4 = FloatVector.broadcast(SPECIES, 4f);
        FloatVector a5 = FloatVector.broadcast(SPECIES, 5f);
        FloatVector a6 = FloatVector.broadcast(SPECIES, 6f);
        FloatVector a7 = FloatVector.broadcast(SPECIES, 7f);
        FloatVector a8 = FloatVector.broadcast(SPECIES, 8f);
        FloatVector a9 = FloatVector.broadcast(SPECIES, 9f);
        FloatVector a10 = FloatVector.broadcast(SPECIES, 10f);
        FloatVector a11 = FloatVector.broadcast(SPECIES, 11f);
        for (int i = 0; i < steps; i++) {
            a0 = a0.fma(vm, va);
            a1 = a1.fma(vm, va);
            a2 = a2.fma(vm, va);
            a3 = a3.fma(vm, va);
            a4 = a4.fma(vm, va);
            a5 = a5.fma(vm, va);
            a6 = a6.fma(vm, va);
            a7 = a7.fma(vm, va);
            a8 = a8.fma(vm, va);
            a9 = a9.fma(vm, va);
            a10 = a10.fma(vm, va);
            a11 = a11.fma(vm, va);
        }
        return a0.add(a1)
                .add(a2)
                .add(a3)
                .add(a4)
                .add(a5)
                .add(a6)
                .add(a7)
                .add(a8)
                .add(a9)
                .add(a10)
                .add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
