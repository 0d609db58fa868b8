package org.effbench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The console keeps JMH's progress and loses failures' stack traces, which the log keeps (JMH's
 * output as captured from a run with a model file whose input type the model rejects, then a fork
 * killed by signal 9).
 */
class FailureDetailFilterTest {

    private static final Path LOG = Path.of("/results/runs/jmh-1/jmh.log");

    private static final String REJECTED =
            String.join(
                    "\n",
                    "# Benchmark: org.effbench.bench.InferenceBenchmark.infer",
                    "# Parameters: (batchSize = 1, input = 1x3x32x32:int64, model = file:cnn.pt)",
                    "",
                    "# Run progress: 0.00% complete, ETA 00:00:00",
                    "# Fork: 1 of 1",
                    "Iteration   1: <failure>",
                    "",
                    "java.lang.IllegalArgumentException: cnn.pt rejected input 1x3x32x32:int64:"
                            + " expected scalar type Long but found Float",
                    "\tat org.effbench.model.TorchScriptModel.load(TorchScriptModel.java:112)",
                    "\tat java.base/java.lang.Thread.run(Thread.java:840)",
                    "Caused by: ai.djl.engine.EngineException: The following operation failed in"
                            + " the TorchScript interpreter.",
                    "Traceback of TorchScript, serialized code (most recent call last):",
                    "  File \"code/__torch__.py\", line 12, in forward",
                    "                           ~~~~~~~~~~~~~~~~~ <--- HERE",
                    "",
                    "Traceback of TorchScript, original code (most recent call last):",
                    "/usr/lib/python3/dist-packages/torch/nn/modules/conv.py(459): _conv_forward",
                    "RuntimeError: expected scalar type Long but found Float",
                    "",
                    "\tat ai.djl.pytorch.jni.PyTorchLibrary.moduleRunMethod(Native Method)",
                    "\t... 16 more",
                    "",
                    "",
                    "Benchmark had encountered error, and fail on error was requested",
                    "");

    private static final String KILLED =
            String.join(
                    "\n",
                    "# Fork: 1 of 1",
                    "# Warmup Iteration   1: 0.052 ms/op",
                    "Iteration   1: <forked VM failed with exit code 137>",
                    "<stdout last='20 lines'>",
                    "# Warmup Iteration   1: 0.052 ms/op",
                    "</stdout>",
                    "<stderr last='20 lines'>",
                    "Iteration   1: a line like JMH's own, in the tail",
                    "</stderr>",
                    "",
                    "Benchmark had encountered error, and fail on error was requested",
                    "");

    @Test
    void aFailureShowsOneLinePointingToTheLog() throws IOException {
        assertThat(filtered(REJECTED))
                .isEqualTo(
                        String.join(
                                "\n",
                                "# Benchmark: org.effbench.bench.InferenceBenchmark.infer",
                                "# Parameters: (batchSize = 1, input = 1x3x32x32:int64, model ="
                                        + " file:cnn.pt)",
                                "",
                                "# Run progress: 0.00% complete, ETA 00:00:00",
                                "# Fork: 1 of 1",
                                "Iteration   1: <failure> (the stack trace is in " + LOG + ")",
                                ""));
    }

    @Test
    void aDeadForksOutputTailsAreLeftToTheLog() throws IOException {
        assertThat(filtered(KILLED))
                .isEqualTo(
                        String.join(
                                "\n",
                                "# Fork: 1 of 1",
                                "# Warmup Iteration   1: 0.052 ms/op",
                                "Iteration   1: <forked VM failed with exit code 137> (its last"
                                        + " output is in "
                                        + LOG
                                        + ")",
                                ""));
    }

    @Test
    void theRunGoesOnShowingWhatFollowsAFailure() throws IOException {
        String next = "# Run progress: 50.00% complete, ETA 00:00:01\nIteration   1: 3.9 ops/ms\n";
        assertThat(
                        filtered(
                                REJECTED.replace(
                                                "Benchmark had encountered error, and fail on error"
                                                        + " was requested\n",
                                                "")
                                        + next))
                .endsWith("(the stack trace is in " + LOG + ")\n" + next);
    }

    private static String filtered(String output) throws IOException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (FailureDetailFilter filter = new FailureDetailFilter(console, LOG)) {
            filter.write(output.getBytes(StandardCharsets.UTF_8));
        }
        return console.toString(StandardCharsets.UTF_8);
    }
}
