package org.effbench.bench;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.TimeUnit;
import org.effbench.engine.InvocationScope;
import org.effbench.engine.TorchEngine;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The machine's fp32 ceiling through the same engine: square matrix multiplies (libtorch's GEMM) at
 * a given intra-op thread count, reported as GFLOP/s in the secondary metric {@code gflop} (2 n^3
 * FLOPs per multiply). The post-processor uses it as 100% when it reports achieved FLOPS.
 *
 * <p>Run: {@code java -jar target/benchmarks.jar MatmulPeakBenchmark -p intraOpThreads=1,2}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Dai.djl.offline=true"})
public class MatmulPeakBenchmark extends CeilingState {

    /** Rows = columns = inner dimension of both operands. */
    @Param("2048")
    public int matrixSize;

    @Param("1")
    public int intraOpThreads;

    private NDList operands;
    private double gflopPerMultiply;

    @Setup(Level.Trial)
    public void makeOperands() {
        BenchParam.MATRIX_SIZE.check(matrixSize);
        open(intraOpThreads);
        Shape shape = new Shape(matrixSize, matrixSize);
        operands =
                TorchEngine.seeded(
                        7,
                        () ->
                                new NDList(
                                        manager.randomUniform(-1f, 1f, shape),
                                        manager.randomUniform(-1f, 1f, shape)));
        gflopPerMultiply = 2.0 * Math.pow(matrixSize, 3) / 1e9;
    }

    /** Billions of floating-point operations done; JMH reports it per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Flops {
        public double gflop;
    }

    @Benchmark
    public void matmul(Flops flops, Blackhole blackhole) {
        blackhole.consume(
                InvocationScope.run(
                        manager,
                        operands,
                        in -> InvocationScope.firstFloat(in.get(0).matMul(in.get(1)))));
        flops.gflop += gflopPerMultiply;
    }
}
