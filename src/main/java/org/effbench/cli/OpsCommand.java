package org.effbench.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.effbench.base.Checks;
import org.effbench.engine.TorchEngine;
import org.effbench.launch.ForkLauncher;
import org.effbench.model.ForwardModel;
import org.effbench.model.ModelRef;
import org.effbench.model.TorchScriptModel;
import org.effbench.operators.OperatorProfile;
import org.effbench.operators.OperatorProfiler;
import org.effbench.operators.OperatorReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where a configuration's time goes, per libtorch operator. Runs in a JVM started like a benchmark
 * fork (same allocator and MKL setting), so the times match what the harness measures.
 */
@Command(
        name = "ops",
        mixinStandardHelpOptions = true,
        description =
                "Per-operator time profile of one configuration (libtorch's profiler): calls, self time, share, "
                        + "MACs and achieved GFLOP/s per operator, and the time spent outside libtorch.")
final class OpsCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format {
        table,
        csv
    }

    static final String PASSES = "--passes";

    @Spec CommandSpec spec;

    @Mixin ModelOptions model;

    @Mixin BatchOption batch;

    @Mixin ThreadsOption threads;

    @Option(
            names = PASSES,
            defaultValue = "5",
            description = "profiled passes, after 3 warm-up passes (default: ${DEFAULT-VALUE})")
    int passes;

    @Option(names = "--all-ops", description = "count element-wise operators' work in FLOPs too")
    boolean allOps;

    @Option(
            names = "--format",
            defaultValue = "table",
            description = "table or csv (default: ${DEFAULT-VALUE})")
    Format format;

    @Mixin OutputOptions out;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ModelRef ref = model.ref();
        batch.check();
        threads.checked();
        Checks.atLeast(PASSES, passes, 1);
        out.checkWritable();
        if (!Relaunch.inLaunchedJvm()) {
            return Relaunch.run(ForkLauncher.defaults(), spec, "Profiling");
        }
        TorchEngine.start(threads.checked());
        OperatorProfile profile;
        try (ForwardModel loaded = ref.load()) {
            int b =
                    batch.orElse(
                            () ->
                                    loaded instanceof TorchScriptModel t
                                            ? (int) t.inputs().get(0).shape().get(0)
                                            : 1);
            profile = OperatorProfiler.profile(loaded, b, passes, allOps);
        }
        out.write(
                format == Format.table
                        ? OperatorReport.table(profile)
                        : OperatorReport.csv(profile));
        return 0;
    }
}
