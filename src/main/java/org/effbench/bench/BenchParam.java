package org.effbench.bench;

import java.util.Arrays;
import java.util.Optional;
import org.effbench.base.Checks;

/**
 * The JMH parameters of effbench's benchmarks: each name is written here and nowhere else in the
 * code (the benchmarks' {@code @Param} fields carry the same names, which a test checks), with the
 * smallest whole number a numeric one accepts.
 */
public enum BenchParam {
    MODEL("model", -1, ""),
    INPUT("input", -1, ""),
    BATCH_SIZE("batchSize", 1, ""),
    INTRA_OP_THREADS("intraOpThreads", 1, ""),
    INTER_OP_THREADS("interOpThreads", 0, "0: libtorch's default"),
    MATRIX_SIZE("matrixSize", 1, ""),
    ARRAY_MIB("arrayMiB", 1, ""),
    /** The pipeline benchmark's variant: inferOnly, sequential or overlapped. */
    PIPELINE_MODE("mode", -1, "");

    private final String jmhName;
    private final int min;
    private final String note;

    BenchParam(String jmhName, int min, String note) {
        this.jmhName = jmhName;
        this.min = min;
        this.note = note;
    }

    /** The name JMH knows it by ({@code -p batchSize=8}). */
    public String jmhName() {
        return jmhName;
    }

    public boolean numeric() {
        return min >= 0;
    }

    /** The smallest value a numeric parameter accepts. */
    public int min() {
        if (!numeric()) {
            throw new IllegalStateException(jmhName + " is not a number");
        }
        return min;
    }

    /**
     * A numeric parameter's value. @throws IllegalArgumentException naming the value and what is
     * accepted
     */
    public int parse(String value) {
        if (!numeric()) {
            throw new IllegalStateException(jmhName + " is not a number");
        }
        try {
            return Checks.wholeNumber(jmhName, value, min);
        } catch (IllegalArgumentException e) {
            throw noted(e);
        }
    }

    /**
     * @throws IllegalArgumentException when {@code value} is below the parameter's minimum
     */
    public int check(int value) {
        try {
            return Checks.atLeast(jmhName, value, min);
        } catch (IllegalArgumentException e) {
            throw noted(e);
        }
    }

    private IllegalArgumentException noted(IllegalArgumentException e) {
        return note.isEmpty()
                ? e
                : new IllegalArgumentException(e.getMessage() + " (" + note + ")");
    }

    public static Optional<BenchParam> named(String jmhName) {
        return Arrays.stream(values()).filter(p -> p.jmhName.equals(jmhName)).findFirst();
    }
}
