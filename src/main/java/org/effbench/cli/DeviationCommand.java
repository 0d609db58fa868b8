package org.effbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVPrinter;
import org.effbench.base.Checks;
import org.effbench.base.Csv;
import org.effbench.engine.TorchEngine;
import org.effbench.model.OutputDeviation;
import org.effbench.model.TorchScriptModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How far a variant of a model (another precision, a rewritten graph) computes from its reference,
 * on the same seeded inputs: the deviation beside a variant's speed-up.
 */
@Command(
        name = "deviation",
        mixinStandardHelpOptions = true,
        description =
                "Output deviation of a TorchScript file from a reference file on the same seeded inputs: max and "
                        + "mean |difference| of the first outputs (cast to fp32) and top-1 agreement over the samples. "
                        + "With random weights accuracy cannot be measured; this says how much a precision or a "
                        + "rewrite changes what the model computes.")
final class DeviationCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format {
        table,
        csv,
        json
    }

    static final String REFERENCE = "--reference";
    static final String SAMPLES = "--samples";
    static final String SEED = "--seed";

    @Option(
            names = REFERENCE,
            required = true,
            paramLabel = "file:PATH.pt",
            description = "the reference TorchScript file (e.g. the fp32 export), same --input")
    String reference;

    @Mixin ModelOptions model;

    @Mixin BatchOption batch;

    @Option(
            names = SAMPLES,
            defaultValue = "" + OutputDeviation.DEFAULT_SAMPLES,
            description = "seeded input samples compared (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(
            names = SEED,
            defaultValue = "" + OutputDeviation.DEFAULT_SEED,
            description =
                    "seed of the first batch's inputs; batch i uses seed + i (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin ThreadsOption threads;

    @Option(
            names = "--format",
            defaultValue = "table",
            description = "table, csv or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Mixin OutputOptions out;

    @Override
    public Integer call() throws IOException {
        for (String[] named : new String[][] {{REFERENCE, reference}, {"--model", model.name}}) {
            if (!TorchScriptModel.names(named[1])) {
                throw new IllegalArgumentException(
                        named[0]
                                + " "
                                + named[1]
                                + " is not accepted; accepted: a TorchScript file, file:PATH.pt");
            }
            TorchScriptModel.file(named[1]);
        }
        int perPass =
                batch.orElse(
                        () ->
                                (int)
                                        TorchScriptModel.parseInputs(model.input)
                                                .get(0)
                                                .shape()
                                                .get(0));
        Checks.atLeast(SAMPLES, samples, 1);
        threads.checked();
        out.checkWritable();
        TorchEngine.start(threads.checked());
        OutputDeviation deviation;
        try (TorchScriptModel ref = TorchScriptModel.load(reference, model.input);
                TorchScriptModel candidate = TorchScriptModel.load(model.name, model.input)) {
            deviation =
                    OutputDeviation.measure(ref, List.of(candidate), samples, perPass, seed).get(0);
        }
        out.write(render(deviation));
        return 0;
    }

    private String render(OutputDeviation d) throws IOException {
        // one set of named figures for csv and json
        Map<String, Object> row = d.row(reference, model.name, model.input, seed);
        return switch (format) {
            case table ->
                    String.format(
                            Locale.ROOT,
                            "%s against %s, %d seeded samples (input %s, seed %d), first output cast to fp32:%n"
                                    + "max |diff|       %.6g%n"
                                    + "mean |diff|      %.6g (mean |reference output| %.6g)%n"
                                    + "top-1 agreement  %d of %d (%.2f%%); the reference's top-1 took %d"
                                    + " distinct values%s%n",
                            model.name,
                            reference,
                            d.samples(),
                            model.input,
                            seed,
                            d.maxAbsDiff(),
                            d.meanAbsDiff(),
                            d.meanAbsReference(),
                            d.top1Agree(),
                            d.samples(),
                            100 * d.top1Agreement(),
                            d.referenceTop1().size(),
                            d.referenceTop1().size() == 1
                                    ? " (every input the same class: agreement says little)"
                                    : "");
            case csv -> {
                StringBuilder text = new StringBuilder();
                try (CSVPrinter printer = Csv.printer(text, List.copyOf(row.keySet()))) {
                    printer.printRecord(row.values());
                }
                yield text.toString();
            }
            case json ->
                    new ObjectMapper()
                                    .enable(SerializationFeature.INDENT_OUTPUT)
                                    .writeValueAsString(row)
                            + "\n";
        };
    }
}
