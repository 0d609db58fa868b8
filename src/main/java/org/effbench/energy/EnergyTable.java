package org.effbench.energy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.effbench.base.Dtype;

/**
 * Energy per operation in picojoules, read from a parameter file (by default Horowitz, "Computing's
 * energy problem", ISSCC 2014, 45 nm: {@code energy/horowitz-45nm.properties}).
 */
public record EnergyTable(
        String source,
        double fp32Add,
        double fp32Mult,
        double fp16Add,
        double fp16Mult,
        double int8Add,
        double int8Mult,
        double dram32Read) {

    public static final String DEFAULT = "energy/horowitz-45nm.properties";

    public static EnergyTable horowitz45nm() {
        try (InputStream in = EnergyTable.class.getClassLoader().getResourceAsStream(DEFAULT)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT + " is missing from the classpath");
            }
            Properties p = new Properties();
            p.load(in);
            return new EnergyTable(
                    p.getProperty("source"),
                    pj(p, "fp32_add"),
                    pj(p, "fp32_mult"),
                    pj(p, "fp16_add"),
                    pj(p, "fp16_mult"),
                    pj(p, "int8_add"),
                    pj(p, "int8_mult"),
                    pj(p, "dram_32bit_read"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One multiply-accumulate at {@code dtype}'s width (bf16 as fp16; int4 as int8, the width it
     * computes at).
     */
    public double macPicojoules(Dtype dtype) {
        return switch (dtype) {
            case FP32 -> fp32Mult + fp32Add;
            case FP16, BF16 -> fp16Mult + fp16Add;
            case INT8, INT4 -> int8Mult + int8Add;
        };
    }

    /** A DRAM read costs the same per 32 bits whatever the data. */
    public double dramPicojoulesPerByte() {
        return dram32Read / 4;
    }

    /** Joules of {@code macs} multiply-accumulates and {@code dramBytes} bytes read from DRAM. */
    public double joules(long macs, double dramBytes, Dtype dtype) {
        return (macs * macPicojoules(dtype) + dramBytes * dramPicojoulesPerByte()) * 1e-12;
    }

    private static double pj(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalStateException(DEFAULT + " has no " + key);
        }
        return Double.parseDouble(v);
    }
}
