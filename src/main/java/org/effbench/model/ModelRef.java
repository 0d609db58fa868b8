package org.effbench.model;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A model as a run names it: a zoo model ({@code resnet50}, {@code bert_base:seq=256}) or a
 * TorchScript file with its input shapes ({@code file:model.pt} with {@code 1x3x224x224}). The two
 * texts are what the harness's {@code model} and {@code input} parameters carry.
 *
 * @param model the zoo model's canonical text, or {@code file:PATH}
 * @param input a file model's inputs in canonical form ({@code 1x3x224x224:float32}, several joined
 *     by {@code ;}); empty for a zoo model
 */
public record ModelRef(String model, String input) {

    /** The option that names a model on every command line. */
    public static final String MODEL_OPTION = "--model";

    /** The option that gives a file model's input shapes on every command line. */
    public static final String INPUT_OPTION = "--input";

    /**
     * This model as command-line arguments: {@code --model resnet50}, or for a file model {@code
     * --model file:m.pt --input 1x3x224x224:float32}.
     */
    public List<String> arguments() {
        return isFile()
                ? List.of(MODEL_OPTION, model, INPUT_OPTION, input)
                : List.of(MODEL_OPTION, model);
    }

    /**
     * A zoo model is kept in its canonical text whoever made the reference (a sweep, {@code -p
     * model=} read back from JMH's JSON, a peer's CSV): {@code Resnet50} is {@code resnet50} and
     * {@code bert_base:seq=128} is {@code bert_base}, so one model is one configuration everywhere.
     * A name the zoo does not know is only lower-cased; a file model keeps its path as given.
     */
    public ModelRef {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(input, "input");
        if (!TorchScriptModel.names(model)) {
            model = canonicalZoo(model);
        }
    }

    private static String canonicalZoo(String model) {
        try {
            return ModelSpec.parse(model).toString();
        } catch (IllegalArgumentException e) {
            return model.strip().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Checks a model and, for a file model, that the file exists and the input shapes parse.
     *
     * @param input a file model's input shapes; ignored (may be null) for a zoo model
     * @throws IllegalArgumentException in one line, naming the value and what is accepted
     */
    public static ModelRef parse(String model, String input) {
        if (!TorchScriptModel.names(model)) {
            return new ModelRef(ModelSpec.parse(model).toString(), "");
        }
        String inputs = canonicalInput(input);
        TorchScriptModel.file(model);
        return new ModelRef(model.strip(), inputs);
    }

    /**
     * A file model's input shapes in canonical form: {@code 1x128:int64,1x128} is {@code
     * 1x128:int64;1x128:float32}.
     *
     * @throws IllegalArgumentException naming the input and what is accepted
     */
    public static String canonicalInput(String input) {
        return TorchScriptModel.parseInputs(input).stream()
                .map(TorchScriptModel.Input::toString)
                .collect(Collectors.joining(";"));
    }

    public boolean isFile() {
        return TorchScriptModel.names(model);
    }

    /** Loads it, nothing downloaded; the engine must have been started. */
    public ForwardModel load() {
        return isFile()
                ? TorchScriptModel.load(model, input)
                : LoadedModel.load(ModelSpec.parse(model));
    }

    @Override
    public String toString() {
        return model;
    }
}
