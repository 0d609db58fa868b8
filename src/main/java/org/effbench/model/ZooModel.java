package org.effbench.model;

import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.effbench.model.arch.AlexNet;
import org.effbench.model.arch.Bert;
import org.effbench.model.arch.Mlp;
import org.effbench.model.arch.MobileNetV2;
import org.effbench.model.arch.Recurrent;
import org.effbench.model.arch.ResNet;
import org.effbench.model.arch.SqueezeNet;
import org.effbench.model.arch.Vgg;

/** The built-in models, each selectable by its id and able to build its architecture and inputs. */
public enum ZooModel {
    ALEXNET("alexnet", "AlexNet, torchvision", spec -> AlexNet.build(1000), ZooModel::imagenet),
    VGG16("vgg16", "VGG-16, torchvision", spec -> Vgg.vgg16(1000), ZooModel::imagenet),
    RESNET18(
            "resnet18",
            "ResNet-18, torchvision",
            spec -> ResNet.resnet18(1000),
            ZooModel::imagenet),
    RESNET50(
            "resnet50",
            "ResNet-50 v1.5, torchvision",
            spec -> ResNet.resnet50(1000),
            ZooModel::imagenet),
    MOBILENET_V2(
            "mobilenet_v2",
            "MobileNetV2, torchvision",
            spec -> MobileNetV2.build(1000),
            ZooModel::imagenet),
    SQUEEZENET1_1(
            "squeezenet1_1",
            "SqueezeNet 1.1, torchvision",
            spec -> SqueezeNet.v11(1000),
            ZooModel::imagenet),
    BERT_BASE(
            "bert_base",
            "BERT-base encoder with pooler",
            spec -> Bert.base(),
            spec -> InputSpec.tokens(spec.sequenceLength(), Bert.VOCABULARY),
            128,
            Bert.MAX_POSITIONS),
    LSTM(
            "lstm",
            "2-layer LSTM, hidden 1024, 1024 input features",
            spec -> Recurrent.lstm(1024, 2),
            spec -> InputSpec.floats(spec.sequenceLength(), 1024),
            32,
            100_000),
    MLP("mlp", "MLP 784-512-512-10", spec -> Mlp.build(), spec -> InputSpec.floats(784));

    private final String id;
    private final String description;
    private final Function<ModelSpec, Block> architecture;
    private final Function<ModelSpec, InputSpec> input;
    private final int defaultSequenceLength;
    private final int maxSequenceLength;

    ZooModel(
            String id,
            String description,
            Function<ModelSpec, Block> architecture,
            Function<ModelSpec, InputSpec> input) {
        this(id, description, architecture, input, 0, 0);
    }

    ZooModel(
            String id,
            String description,
            Function<ModelSpec, Block> architecture,
            Function<ModelSpec, InputSpec> input,
            int defaultSequenceLength,
            int maxSequenceLength) {
        this.id = id;
        this.description = description;
        this.architecture = architecture;
        this.input = input;
        this.defaultSequenceLength = defaultSequenceLength;
        this.maxSequenceLength = maxSequenceLength;
    }

    private static InputSpec imagenet(ModelSpec spec) {
        return InputSpec.floats(3, 224, 224);
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** Sequence length used when none is given; 0 for models without a sequence axis. */
    public int defaultSequenceLength() {
        return defaultSequenceLength;
    }

    public int maxSequenceLength() {
        return maxSequenceLength;
    }

    /** A fresh, uninitialised block tree. */
    public Block build(ModelSpec spec) {
        return architecture.apply(spec);
    }

    public InputSpec input(ModelSpec spec) {
        return input.apply(spec);
    }

    public static ZooModel byId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(m -> m.id.equals(wanted))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown model '" + id + "'; known models: " + ids()));
    }

    public static String ids() {
        return Arrays.stream(values()).map(ZooModel::id).collect(Collectors.joining(", "));
    }

    static String sequenceModels() {
        return Arrays.stream(values())
                .filter(m -> m.defaultSequenceLength > 0)
                .map(ZooModel::id)
                .collect(Collectors.joining(", "));
    }
}
