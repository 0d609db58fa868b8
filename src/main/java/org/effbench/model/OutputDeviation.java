package org.effbench.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.effbench.engine.TorchEngine;

/**
 * How far one model's outputs are from a reference's on the same inputs: the largest and the mean
 * absolute difference over every output element (both cast to fp32), and how many samples have the
 * same top-1 (the index of the largest of a sample's outputs; the first on a tie). With random
 * weights accuracy itself cannot be measured; this says how much a precision or a graph rewrite
 * changes what the model computes.
 *
 * @param samples samples compared
 * @param elements output elements compared
 * @param maxAbsDiff the largest |reference - model|; NaN if either output held a NaN
 * @param sumAbsDiff the sum of |reference - model|, for the mean
 * @param sumAbsReference the sum of |reference|: the scale the differences are read against
 * @param top1Agree samples whose top-1 is the same in both
 * @param referenceTop1 the distinct top-1 indices of the reference: a random-weight network often
 *     gives every input the same class, and then agreement says little
 */
public record OutputDeviation(
        long samples,
        long elements,
        double maxAbsDiff,
        double sumAbsDiff,
        double sumAbsReference,
        long top1Agree,
        java.util.Set<Integer> referenceTop1) {

    public static final OutputDeviation NONE =
            new OutputDeviation(0, 0, 0, 0, 0, 0, java.util.Set.of());

    /** Seeded samples a deviation is measured over by default: a few hundred. */
    public static final int DEFAULT_SAMPLES = 200;

    /** The seed of the first batch's inputs by default (export_variants.py checks with seed 1). */
    public static final long DEFAULT_SEED = 1;

    /** The column of a deviation table naming the compared model (deviation.csv). */
    public static final String MODEL = "model";

    /** The columns of the max and mean |diff|, the reference's scale and the top-1 agreement. */
    public static final String SAMPLES = "samples";

    public static final String MAX_ABS_DIFF = "max_abs_diff";
    public static final String MEAN_ABS_DIFF = "mean_abs_diff";
    public static final String MEAN_ABS_REFERENCE = "mean_abs_reference";
    public static final String TOP1_AGREEMENT = "top1_agreement";
    public static final String REFERENCE_TOP1_CLASSES = "reference_top1_classes";

    /**
     * Every model's deviation from {@code reference} over {@code samples} seeded samples, {@code
     * perPass} at a time: pass i draws its inputs with {@code seed + i}, runs the reference once
     * and each model on the same inputs. The engine must be started.
     */
    public static List<OutputDeviation> measure(
            TorchScriptModel reference,
            List<TorchScriptModel> models,
            int samples,
            int perPass,
            long seed) {
        List<OutputDeviation> out = new ArrayList<>(models.stream().map(m -> NONE).toList());
        try (NDManager manager = NDManager.newBaseManager(TorchEngine.NAME)) {
            long done = 0;
            for (int pass = 0; done < samples; pass++) {
                int n = (int) Math.min(perPass, samples - done);
                NDList inputs = reference.newInput(manager, n, seed + pass);
                try {
                    float[] expected = reference.outputFloats(manager, inputs);
                    for (int i = 0; i < models.size(); i++) {
                        out.set(
                                i,
                                out.get(i)
                                        .add(
                                                expected,
                                                models.get(i).outputFloats(manager, inputs),
                                                n));
                    }
                } finally {
                    inputs.close();
                }
                done += n;
            }
        }
        return out;
    }

    /**
     * This deviation as one row of named figures (the {@code deviation} command's csv and json, a
     * tune run's deviation.csv), in a fixed order.
     */
    public Map<String, Object> row(String reference, String model, String input, long seed) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("reference", reference);
        row.put(MODEL, model);
        row.put("input", input);
        row.put("seed", seed);
        row.put(SAMPLES, samples);
        row.put(MAX_ABS_DIFF, maxAbsDiff);
        row.put(MEAN_ABS_DIFF, meanAbsDiff());
        row.put(MEAN_ABS_REFERENCE, meanAbsReference());
        row.put("top1_agree", top1Agree);
        row.put(TOP1_AGREEMENT, top1Agreement());
        row.put(REFERENCE_TOP1_CLASSES, referenceTop1.size());
        return row;
    }

    public OutputDeviation {
        referenceTop1 = java.util.Set.copyOf(referenceTop1);
    }

    /**
     * This deviation with one batch's outputs added.
     *
     * @param reference the reference's output, batch first, flattened
     * @param model the model's output for the same input
     * @param batch samples in the batch: each sample's outputs are {@code length / batch}
     *     consecutive values
     * @throws IllegalArgumentException if the outputs differ in size or do not split into the
     *     batch's samples
     */
    public OutputDeviation add(float[] reference, float[] model, int batch) {
        if (reference.length != model.length) {
            throw new IllegalArgumentException(
                    "the outputs differ in size: the reference gives "
                            + reference.length
                            + " values, the model "
                            + model.length);
        }
        if (batch < 1 || reference.length == 0 || reference.length % batch != 0) {
            throw new IllegalArgumentException(
                    "an output of " + reference.length + " values is not " + batch + " samples");
        }
        double max = maxAbsDiff;
        double sum = sumAbsDiff;
        double scale = sumAbsReference;
        for (int i = 0; i < reference.length; i++) {
            double d = Math.abs((double) reference[i] - model[i]);
            max = Double.isNaN(d) || Double.isNaN(max) ? Double.NaN : Math.max(max, d);
            sum += d;
            scale += Math.abs(reference[i]);
        }
        int per = reference.length / batch;
        long agree = top1Agree;
        java.util.Set<Integer> classes = new java.util.HashSet<>(referenceTop1);
        for (int s = 0; s < batch; s++) {
            int top = argmax(reference, s * per, per);
            classes.add(top);
            if (top == argmax(model, s * per, per)) {
                agree++;
            }
        }
        return new OutputDeviation(
                samples + batch, elements + reference.length, max, sum, scale, agree, classes);
    }

    public double meanAbsDiff() {
        return elements == 0 ? Double.NaN : sumAbsDiff / elements;
    }

    /** The mean |reference output|: a mean |diff| of 0.1 is small against 10, large against 0.1. */
    public double meanAbsReference() {
        return elements == 0 ? Double.NaN : sumAbsReference / elements;
    }

    /** Share of samples with the same top-1, 0 to 1. */
    public double top1Agreement() {
        return samples == 0 ? Double.NaN : (double) top1Agree / samples;
    }

    private static int argmax(float[] values, int from, int count) {
        int best = from;
        for (int i = from + 1; i < from + count; i++) {
            if (values[i] > values[best]
                    || (Float.isNaN(values[i]) && !Float.isNaN(values[best]))) {
                best = i;
            }
        }
        return best - from;
    }
}
