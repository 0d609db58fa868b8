package org.effbench.base;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Number formats: a model's size and activation memory are reported for each; the format its matrix
 * products ran in is a {@link ComputeDtype}.
 */
public enum Dtype {
    FP32("fp32", 32, 32, false),
    FP16("fp16", 16, 16, false),
    BF16("bf16", 16, 16, false),
    INT8("int8", 8, 8, true),
    /** Weight-only int4: kernels unpack to 8-bit activations. */
    INT4("int4", 4, 8, true);

    private final String id;
    private final int weightBits;
    private final int activationBits;
    private final boolean integer;

    Dtype(String id, int weightBits, int activationBits, boolean integer) {
        this.id = id;
        this.weightBits = weightBits;
        this.activationBits = activationBits;
        this.integer = integer;
    }

    public String id() {
        return id;
    }

    public int weightBits() {
        return weightBits;
    }

    public int activationBits() {
        return activationBits;
    }

    /** Integer arithmetic: counts are reported as OPs rather than FLOPs. */
    public boolean integer() {
        return integer;
    }

    /** "FLOPs" or "OPs". */
    public String opsName() {
        return integer ? "OPs" : "FLOPs";
    }

    /** Bytes of {@code elements} weights stored at this width, rounded up to whole bytes. */
    public long weightBytes(long elements) {
        return (elements * weightBits + 7) / 8;
    }

    /** The dtype whose id is {@code id} exactly; empty for any other text. */
    public static Optional<Dtype> byId(String id) {
        return Arrays.stream(values()).filter(d -> d.id.equals(id)).findFirst();
    }

    public static Dtype parse(String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(d -> d.id.equals(wanted))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown dtype '"
                                                + text
                                                + "'; accepted: "
                                                + Arrays.stream(values())
                                                        .map(Dtype::id)
                                                        .collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return id;
    }
}
