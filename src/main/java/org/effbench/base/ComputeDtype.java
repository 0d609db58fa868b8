package org.effbench.base;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The number formats a model's matrix products (convolutions, linear layers, matrix products,
 * attention, recurrent layers) computed in, weighted by their MACs: the {@code dtype} a results row
 * reports. One format covering every MAC is the row's dtype; several are {@link #MIXED}, with the
 * split beside them. A zoo model computes in fp32 by construction; a TorchScript file in what its
 * code casts its operands to, or as its weights were saved.
 *
 * @param macs MACs per format: a {@link Dtype} id, or the name of a format outside it ({@code
 *     fp64}, {@code int64}, {@code unknown} when the count could not tell), largest share first
 * @param partial counted from part of the model only (the code could not be followed to its end)
 */
public record ComputeDtype(Map<String, Long> macs, boolean partial) {

    /** The label of a model whose MACs ran in more than one format. */
    public static final String MIXED = "mixed";

    /** The format of MACs whose operands' format the count could not tell. */
    public static final String UNKNOWN = "unknown";

    public ComputeDtype {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(macs.entrySet());
        sorted.sort(
                Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()));
        Map<String, Long> ordered = new LinkedHashMap<>();
        sorted.forEach(e -> ordered.put(e.getKey(), e.getValue()));
        macs = Collections.unmodifiableMap(ordered);
    }

    /** Every MAC in one format, e.g. a zoo model in fp32. */
    public static ComputeDtype all(Dtype dtype, long macs) {
        return new ComputeDtype(Map.of(dtype.id(), macs), false);
    }

    /**
     * The format every MAC ran in, {@link #MIXED} for several, empty when no matrix product was
     * counted or none's format is known.
     */
    public String label() {
        if (macs.isEmpty() || macs.keySet().equals(Set.of(UNKNOWN))) {
            return "";
        }
        return macs.size() == 1 ? macs.keySet().iterator().next() : MIXED;
    }

    /** The one {@link Dtype} every MAC ran in; empty when mixed, unknown or outside the enum. */
    public Optional<Dtype> dtype() {
        return macs.size() == 1 ? Dtype.byId(label()) : Optional.empty();
    }

    /** The share of the MACs that ran in {@code format}, 0 to 1; 0 when none was counted. */
    public double share(String format) {
        long total = macs.values().stream().mapToLong(Long::longValue).sum();
        return total == 0 ? 0 : (double) macs.getOrDefault(format, 0L) / total;
    }

    /** Each format's share of the MACs, largest first: {@code bf16 97.1% of MACs, fp32 2.94%}. */
    public String shares() {
        long total = macs.values().stream().mapToLong(Long::longValue).sum();
        List<String> parts = new ArrayList<>();
        macs.forEach(
                (format, n) ->
                        parts.add(
                                format
                                        + " "
                                        + (total == 0
                                                ? "?"
                                                : Figures.threeDigits(100.0 * n / total))
                                        + "%"
                                        + (parts.isEmpty() ? " of MACs" : "")));
        return String.join(", ", parts);
    }

    /** What a row's reader needs told: several formats, or a count of part of the model. */
    public Optional<String> caveat() {
        List<String> says = new ArrayList<>();
        if (macs.isEmpty()) {
            says.add(
                    partial
                            ? "dtype not known: the code count stopped before any matrix product"
                            : "dtype not known: no matrix product counted");
        } else if (macs.size() > 1) {
            says.add("computed in several dtypes: " + shares());
        }
        if (macs.containsKey(UNKNOWN)) {
            says.add("the operands' dtype of some matrix products is not known");
        }
        if (partial && !macs.isEmpty()) {
            says.add(
                    String.format(
                            Locale.ROOT,
                            "dtype %s from the matrix products the code count followed (it is"
                                    + " partial)",
                            label()));
        }
        return says.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", says));
    }
}
