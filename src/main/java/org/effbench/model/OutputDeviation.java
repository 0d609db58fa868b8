package org.effbench.model;

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
