package org.effbench.cli;

import ai.djl.ndarray.NDManager;
import java.util.concurrent.Callable;
import org.effbench.engine.TorchEngine;
import org.effbench.model.LoadedModel;
import org.effbench.model.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts the engine offline and runs one tiny forward pass: proof that the jar is complete. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description =
                "Starts the PyTorch engine offline, runs one forward pass of the mlp and prints versions.")
final class InfoCommand implements Callable<Integer> {

    @Option(
            names = "--threads",
            defaultValue = "1",
            description = "intra-op threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() {
        TorchEngine.start(threads);
        try (LoadedModel model = LoadedModel.load(ModelSpec.parse("mlp"));
                NDManager caller = NDManager.newBaseManager(TorchEngine.NAME)) {
            float first = model.inferInScope(caller, model.newInput(caller, 1, 1));
            System.out.println(
                    "engine: "
                            + TorchEngine.NAME
                            + " "
                            + TorchEngine.libtorchVersion()
                            + " (DJL "
                            + TorchEngine.djlVersion()
                            + "), offline="
                            + System.getProperty("ai.djl.offline"));
            System.out.println(
                    "intra-op threads: "
                            + TorchEngine.threadsOfCallingThread()
                            + ", cores: "
                            + Runtime.getRuntime().availableProcessors());
            System.out.println("mlp forward pass: ok (first output " + first + ")");
        }
        return 0;
    }
}
