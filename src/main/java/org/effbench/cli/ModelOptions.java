package org.effbench.cli;

import org.effbench.model.ModelRef;
import org.effbench.model.TorchScriptModel;
import picocli.CommandLine.Option;

/** {@code --model} and {@code --input}: the model a command works on (profile, ops, tune). */
final class ModelOptions {

    static final String MODEL = ModelRef.MODEL_OPTION;
    static final String INPUT = ModelRef.INPUT_OPTION;

    @Option(
            names = MODEL,
            required = true,
            paramLabel = "MODEL",
            description =
                    "a zoo model (resnet50, bert_base:seq=256) or a TorchScript file: file:PATH.pt")
    String name;

    @Option(
            names = INPUT,
            paramLabel = "SHAPES",
            description =
                    "a file: model's input shapes: "
                            + TorchScriptModel.ACCEPTED_INPUTS
                            + "; e.g. 1x3x224x224 or 1x128:int64,1x128:int64")
    String input;

    /**
     * The model, checked: a zoo model's name, or a file model's file and input shapes.
     *
     * @throws IllegalArgumentException naming the value and what is accepted
     */
    ModelRef ref() {
        return ModelRef.parse(name, input);
    }

    boolean isFile() {
        return TorchScriptModel.names(name);
    }
}
