package org.effbench.cli;

import java.util.Locale;
import org.effbench.model.ModelSpec;
import org.effbench.model.ZooModel;
import picocli.CommandLine.Command;

/** Lists the zoo. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "Lists the built-in models and their inputs.")
final class ModelsCommand implements Runnable {

    @Override
    public void run() {
        System.out.printf(
                Locale.ROOT, "%-14s %-22s %s%n", "model", "input per sample", "description");
        for (ZooModel model : ZooModel.values()) {
            ModelSpec spec = ModelSpec.of(model);
            String seq =
                    model.defaultSequenceLength() > 0
                            ? " ("
                                    + model.id()
                                    + ":seq=N, N in 1.."
                                    + model.maxSequenceLength()
                                    + ")"
                            : "";
            System.out.printf(
                    Locale.ROOT,
                    "%-14s %-22s %s%s%n",
                    model.id(),
                    spec.input(),
                    model.description(),
                    seq);
        }
    }
}
