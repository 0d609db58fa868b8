package org.effbench.model;

import java.util.Locale;
import java.util.Objects;

/**
 * A zoo model by name with its options, written {@code name} or {@code name:seq=N} (sequence
 * length, for bert_base and lstm).
 *
 * @param model the architecture
 * @param sequenceLength tokens or time steps per sample; 0 for models without a sequence
 */
public record ModelSpec(ZooModel model, int sequenceLength) {

    public ModelSpec {
        Objects.requireNonNull(model, "model");
        if (model.defaultSequenceLength() == 0 && sequenceLength != 0) {
            throw new IllegalArgumentException(
                    "model "
                            + model.id()
                            + " takes no sequence length; only "
                            + ZooModel.sequenceModels()
                            + " do");
        }
        if (model.defaultSequenceLength() > 0
                && (sequenceLength < 1 || sequenceLength > model.maxSequenceLength())) {
            throw new IllegalArgumentException(
                    "sequence length "
                            + sequenceLength
                            + " for "
                            + model.id()
                            + " is out of range; accepted: 1.."
                            + model.maxSequenceLength());
        }
    }

    public static ModelSpec of(ZooModel model) {
        return new ModelSpec(model, model.defaultSequenceLength());
    }

    /**
     * Parses {@code name} or {@code name:seq=N}, in any case ({@code ResNet50}, {@code
     * BERT_BASE:SEQ=256}): {@link #toString()} is the canonical lower-case form. The message of a
     * failure names the value and what is accepted.
     */
    public static ModelSpec parse(String text) {
        Objects.requireNonNull(text, "model");
        String trimmed = text.trim();
        int colon = trimmed.indexOf(':');
        ZooModel model = ZooModel.byId(colon < 0 ? trimmed : trimmed.substring(0, colon));
        if (colon < 0) {
            return of(model);
        }
        String option = trimmed.substring(colon + 1).toLowerCase(Locale.ROOT);
        if (!option.startsWith("seq=")) {
            throw new IllegalArgumentException(
                    "unknown model option '"
                            + option
                            + "' in '"
                            + text
                            + "'; accepted: seq=N (for "
                            + ZooModel.sequenceModels()
                            + ")");
        }
        try {
            return new ModelSpec(model, Integer.parseInt(option.substring(4)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "sequence length '"
                            + option.substring(4)
                            + "' in '"
                            + text
                            + "' is not a whole number",
                    e);
        }
    }

    public InputSpec input() {
        return model.input(this);
    }

    /** The canonical text form, which {@link #parse} reads back. */
    @Override
    public String toString() {
        return sequenceLength == model.defaultSequenceLength()
                ? model.id()
                : String.format(Locale.ROOT, "%s:seq=%d", model.id(), sequenceLength);
    }
}
