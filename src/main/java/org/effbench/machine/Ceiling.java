package org.effbench.machine;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What this machine achieved at one thread count: fp32 GEMM GFLOP/s through the engine, streaming
 * memory bandwidth in GB/s, and the cores' fp32 FMA peak in GFLOP/s (a register-only loop of fused
 * multiply-adds, the reference for % of peak), each with JMH's error (NaN when unknown). {@code
 * fmaLanes} is the vector width in fp32 lanes the FMA loop ran with and {@code fmaMethod} says how
 * it was measured (0 and empty when it was not, as in machine.json files older than it).
 */
public record Ceiling(
        int threads,
        double gemmGflops,
        double gemmGflopsError,
        int gemmMatrixSize,
        double memoryGBps,
        double memoryGBpsError,
        double fmaGflops,
        double fmaGflopsError,
        int fmaLanes,
        String fmaMethod) {

    public Ceiling {
        fmaMethod = fmaMethod == null ? "" : fmaMethod;
    }

    /** A ceiling without an FMA peak. */
    public Ceiling(
            int threads,
            double gemmGflops,
            double gemmGflopsError,
            int gemmMatrixSize,
            double memoryGBps,
            double memoryGBpsError) {
        this(
                threads,
                gemmGflops,
                gemmGflopsError,
                gemmMatrixSize,
                memoryGBps,
                memoryGBpsError,
                Double.NaN,
                Double.NaN,
                0,
                "");
    }

    /** Reads machine.json: a figure it does not have is NaN (0 lanes, no method). */
    @JsonCreator
    static Ceiling json(
            @JsonProperty("threads") int threads,
            @JsonProperty("gemmGflops") Double gemmGflops,
            @JsonProperty("gemmGflopsError") Double gemmGflopsError,
            @JsonProperty("gemmMatrixSize") int gemmMatrixSize,
            @JsonProperty("memoryGBps") Double memoryGBps,
            @JsonProperty("memoryGBpsError") Double memoryGBpsError,
            @JsonProperty("fmaGflops") Double fmaGflops,
            @JsonProperty("fmaGflopsError") Double fmaGflopsError,
            @JsonProperty("fmaLanes") int fmaLanes,
            @JsonProperty("fmaMethod") String fmaMethod) {
        return new Ceiling(
                threads,
                orNaN(gemmGflops),
                orNaN(gemmGflopsError),
                gemmMatrixSize,
                orNaN(memoryGBps),
                orNaN(memoryGBpsError),
                orNaN(fmaGflops),
                orNaN(fmaGflopsError),
                fmaLanes,
                fmaMethod);
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    /** This ceiling with the FMA peak measured at its thread count. */
    public Ceiling withFma(double gflops, double error, int lanes, String method) {
        return new Ceiling(
                threads,
                gemmGflops,
                gemmGflopsError,
                gemmMatrixSize,
                memoryGBps,
                memoryGBpsError,
                gflops,
                error,
                lanes,
                method);
    }

    /** This ceiling with the GEMM measured at its thread count. */
    public Ceiling withGemm(double gflops, double error, int matrixSize) {
        return new Ceiling(
                threads,
                gflops,
                error,
                matrixSize,
                memoryGBps,
                memoryGBpsError,
                fmaGflops,
                fmaGflopsError,
                fmaLanes,
                fmaMethod);
    }

    /** This ceiling with the memory bandwidth measured at its thread count. */
    public Ceiling withMemory(double gbps, double error) {
        return new Ceiling(
                threads,
                gemmGflops,
                gemmGflopsError,
                gemmMatrixSize,
                gbps,
                error,
                fmaGflops,
                fmaGflopsError,
                fmaLanes,
                fmaMethod);
    }
}
