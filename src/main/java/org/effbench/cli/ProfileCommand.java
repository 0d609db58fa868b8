package org.effbench.cli;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.effbench.base.Dtype;
import org.effbench.engine.TorchEngine;
import org.effbench.launch.Allocator;
import org.effbench.launch.ForkLauncher;
import org.effbench.memory.MeasuredPeak;
import org.effbench.memory.ResidentPeak;
import org.effbench.metrics.ModelProfile;
import org.effbench.metrics.ModelProfiler;
import org.effbench.metrics.ProfileReport;
import org.effbench.model.LoadedModel;
import org.effbench.model.ModelSpec;
import org.effbench.model.TorchScriptModel;
import org.effbench.operators.OperatorProfile;
import org.effbench.operators.OperatorProfiler;
import org.effbench.torchscript.CodeCount;
import org.effbench.torchscript.CodeCounter;
import org.effbench.torchscript.FileProfile;
import org.effbench.torchscript.TorchScriptArchive;
import org.effbench.torchscript.TorchScriptInputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Per-layer static metrics of a model, with the measured peak activation memory beside the computed
 * one.
 */
@Command(
        name = "profile",
        mixinStandardHelpOptions = true,
        description =
                "Per-layer MACs, FLOPs (OPs for int dtypes), parameters, activations, peak activation memory "
                        + "and model size of a zoo model; for a TorchScript file (file:PATH.pt with --input), per-operator MACs, "
                        + "parameters, model size and the measured peak memory of a pass. With a zoo model, --input is one sample's "
                        + "shape instead, e.g. 3x299x299 (default: the model's).")
final class ProfileCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format {
        table,
        csv,
        json
    }

    @Mixin ModelOptions model;

    @Mixin BatchOption batch;

    @Option(
            names = "--dtype",
            defaultValue = "fp32",
            description = "fp32, fp16, bf16, int8, int4 (default: ${DEFAULT-VALUE})")
    String dtype;

    @Option(
            names = "--format",
            defaultValue = "table",
            description = "table, csv or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(
            names = "--all-ops",
            description = "count element-wise work (norms, activations, pooling, adds) in FLOPs")
    boolean allOps;

    @Option(
            names = "--no-measure",
            description =
                    "skip the measured peak (one profiled forward pass; for a file: model, "
                            + "passes in a JVM whose malloc returns freed memory)")
    boolean noMeasure;

    @Spec CommandSpec spec;

    /** Clean passes whose resident peak is measured for a file: model; the median is kept. */
    static final int MEASURED_PASSES = 5;

    @Mixin OutputOptions out;

    @Override
    public Integer call() throws IOException, InterruptedException {
        batch.check();
        if (model.isFile()) {
            return profileFile();
        }
        int batch = this.batch.orElse(() -> 1);
        ModelSpec spec = ModelSpec.parse(model.name);
        Dtype d = Dtype.parse(dtype);
        Shape sample = model.input == null ? null : parseDims(model.input);
        out.checkWritable();
        TorchEngine.start(1);
        String text;
        try (LoadedModel loaded = LoadedModel.load(spec)) {
            ModelProfile profile = ModelProfiler.profile(loaded, batch, sample, d, allOps);
            if (!noMeasure && sample == null) {
                profile = profile.withMeasurement(MeasuredPeak.measure(loaded, batch));
            }
            text =
                    switch (format) {
                        case table -> ProfileReport.table(profile);
                        case csv -> ProfileReport.csv(profile);
                        case json -> ProfileReport.json(profile);
                    };
        }
        out.write(text);
        return 0;
    }

    /**
     * A TorchScript file has no blocks to walk: its counts come from its code and data.pkl, beside
     * those of one profiled pass, per operator.
     */
    private int profileFile() throws IOException, InterruptedException {
        List<TorchScriptModel.Input> inputs = TorchScriptModel.parseInputs(model.input);
        int batch = this.batch.orElse(() -> (int) inputs.get(0).shape().get(0));
        Dtype d = Dtype.parse(dtype);
        Path file = TorchScriptModel.file(model.name);
        out.checkWritable();
        boolean measure = !noMeasure && format == Format.table;
        if (measure && !Relaunch.inLaunchedJvm()) {
            return Relaunch.run(
                    ForkLauncher.defaults().withAllocator(Allocator.GLIBC_RETURNING),
                    spec,
                    "Profiling");
        }
        TorchScriptArchive archive = TorchScriptArchive.read(file);
        CodeCount code = CodeCounter.count(archive, TorchScriptInputs.of(inputs, batch));
        TorchEngine.start(1);
        try (TorchScriptModel loaded = TorchScriptModel.load(model.name, model.input)) {
            OperatorProfile ops = OperatorProfiler.profile(loaded, batch, 1, allOps);
            FileProfile profile =
                    new FileProfile(model.name, model.input, batch, code, ops, Files.size(file));
            if (format != Format.table) {
                out.write(format == Format.csv ? profile.csv() : profile.json());
                return 0;
            }
            long params = profile.storedParameters();
            StringBuilder text = new StringBuilder(profile.table());
            text.append("Model size (stored parameters x bits / 8):");
            for (Dtype each : Dtype.values()) {
                text.append(
                        String.format(
                                Locale.ROOT, " %s %,d bytes;", each, each.weightBytes(params)));
            }
            text.append(
                    String.format(
                            Locale.ROOT,
                            " as saved: %,d bytes; the file: %,d bytes%n",
                            code.parameterBytes(),
                            Files.size(file)));
            if (d != Dtype.FP32) {
                text.append(
                        "Counts are of the file as it runs; --dtype changes only the size column.\n");
            }
            if (measure) {
                ResidentPeak.Measurement peak =
                        ResidentPeak.measure(loaded, batch, MEASURED_PASSES);
                text.append(
                        String.format(
                                Locale.ROOT,
                                "Peak memory of one pass at batch %d, measured: %,d bytes (resident growth "
                                        + "during the pass: activations, temporaries, workspace; the %,d-byte input not included; median of "
                                        + "%d passes that ended where they started, of %d; glibc returning freed blocks of 16 KiB or more to "
                                        + "the kernel)%n",
                                batch,
                                peak.bytes(),
                                loaded.inputBytesPerSample() * batch,
                                peak.clean(),
                                peak.run()));
            }
            out.write(text.toString());
        }
        return 0;
    }

    static Shape parseDims(String text) {
        try {
            long[] dims =
                    Arrays.stream(text.strip().split("x")).mapToLong(Long::parseLong).toArray();
            if (Arrays.stream(dims).allMatch(v -> v >= 1)) {
                return new Shape(dims);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "input '"
                        + text
                        + "' is not accepted; accepted: dimensions >= 1 joined by x, "
                        + "e.g. 3x224x224");
    }
}
