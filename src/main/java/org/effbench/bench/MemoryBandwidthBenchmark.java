package org.effbench.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.TimeUnit;
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
 * The machine's streaming memory bandwidth through the same engine: {@code a += b} in place on two
 * fp32 arrays far larger than the caches, reading a and b and writing a (3 x 4 bytes per element),
 * at a given intra-op thread count; GB/s in the secondary metric {@code gbyte}. In place, so no
 * page is freshly allocated inside the measurement. The roofline's memory roof.
 *
 * <p>Run: {@code java -jar target/benchmarks.jar MemoryBandwidthBenchmark -p intraOpThreads=1,2}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Dai.djl.offline=true"})
public class MemoryBandwidthBenchmark extends CeilingState {

    /** Size of each of the two arrays. */
    @Param("256")
    public int arrayMiB;

    @Param("1")
    public int intraOpThreads;

    private NDArray a;
    private NDArray b;
    private double gbytePerPass;

    @Setup(Level.Trial)
    public void makeArrays() {
        BenchParam.ARRAY_MIB.check(arrayMiB);
        open(intraOpThreads);
        long elements = arrayMiB * 1024L * 1024L / 4;
        a = manager.zeros(new Shape(elements));
        b = manager.zeros(new Shape(elements));
        gbytePerPass = 3.0 * 4 * elements / 1e9;
    }

    /** Billions of bytes moved; JMH reports it per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Traffic {
        public double gbyte;
    }

    @Benchmark
    public void addInPlace(Traffic traffic, Blackhole blackhole) {
        blackhole.consume(a.addi(b));
        traffic.gbyte += gbytePerPass;
    }
}
