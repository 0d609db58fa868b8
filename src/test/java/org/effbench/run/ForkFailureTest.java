package org.effbench.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.EngineException;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkException;
import org.openjdk.jmh.runner.RunnerException;

/**
 * What a failed JMH run is reported and recorded as: the fork's own exception in one line, or how
 * the fork died; never JMH's "Benchmark caught the exception".
 */
class ForkFailureTest {

    /** As JMH's host throws it: the fork's exceptions are suppressed ones of its wrapper. */
    private static RunnerException jmh(Throwable fork) {
        return new RunnerException("Benchmark caught the exception", new BenchmarkException(fork));
    }

    @Test
    void aBadModelFileIsTheHarnessesOwnOneLine() {
        IllegalArgumentException bad =
                new IllegalArgumentException(
                        "empty.pt is not a TorchScript file libtorch can load: PytorchStreamReader"
                                + " failed reading zip archive: not a ZIP archive",
                        new EngineException(
                                "PytorchStreamReader failed reading zip archive: not a ZIP"
                                        + " archive"));
        assertThat(ForkFailure.cause(jmh(bad), ""))
                .isEqualTo(
                        "empty.pt is not a TorchScript file libtorch can load: PytorchStreamReader"
                                + " failed reading zip archive: not a ZIP archive");
    }

    @Test
    void libtorchsReasonNotItsTorchScriptTraceback() {
        EngineException traceback =
                new EngineException(
                        String.join(
                                "\n",
                                "The following operation failed in the TorchScript interpreter.",
                                "Traceback of TorchScript, serialized code (most recent call"
                                        + " last):",
                                "  File \"code/__torch__.py\", line 12, in forward",
                                "    input = torch.flatten((features).forward(x, ), 1)",
                                "                           ~~~~~~~~~~~~~~~~~ <--- HERE",
                                "",
                                "RuntimeError: expected scalar type Long but found Float",
                                ""));
        assertThat(ForkFailure.cause(jmh(traceback), ""))
                .isEqualTo("expected scalar type Long but found Float");
    }

    @Test
    void aJavaErrorKeepsItsName() {
        assertThat(ForkFailure.cause(jmh(new OutOfMemoryError("Java heap space")), ""))
                .isEqualTo("OutOfMemoryError: Java heap space");
    }

    @Test
    void aForkKilledFromOutsideSaysBySignal() {
        RunnerException killed =
                jmh(new IllegalStateException("Forked VM failed with exit code 137"));
        assertThat(ForkFailure.exitCode(killed)).hasValue(137);
        assertThat(ForkFailure.cause(killed, ""))
                .isEqualTo("the fork was killed by signal 9 (out of memory?)");
        assertThat(ForkFailure.describeExit(130))
                .isEqualTo("the fork was interrupted (signal 2, Ctrl-C)");
        assertThat(ForkFailure.STOPPED).contains(130, 143).doesNotContain(137);
        assertThat(ForkFailure.describeExit(139)).isEqualTo("the fork was killed by signal 11");
        assertThat(ForkFailure.describeExit(1)).isEqualTo("the fork exited with code 1");
    }

    @Test
    void withoutTheForksExceptionTheFirstOnePrintedElseJmhsOwnMessage() {
        String output =
                "# Run progress\n<failure>\n\njava.lang.OutOfMemoryError: Java heap space\n\tat"
                        + " ai.djl...\n";
        assertThat(
                        ForkFailure.cause(
                                new RunnerException("Benchmark had encountered error"), output))
                .isEqualTo("OutOfMemoryError: Java heap space");
        RunnerException lock =
                new RunnerException(
                        "ERROR: Another JMH instance might be running. Unable to acquire the JMH"
                                + " lock (/tmp/jmh.lock), exiting.");
        assertThat(ForkFailure.jmhLockHeld(lock)).isTrue();
        assertThat(ForkFailure.cause(lock, "nothing useful"))
                .startsWith("ERROR: Another JMH instance might be running.");
    }
}
