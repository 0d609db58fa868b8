package org.effbench.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.effbench.model.TorchScriptModel;
import org.openjdk.jmh.runner.BenchmarkException;
import org.openjdk.jmh.runner.RunnerException;

/**
 * Why a JMH run failed, in one line: the exception the fork threw (for libtorch, its own reason,
 * not the TorchScript traceback), or how the fork died. JMH wraps the fork's exceptions as
 * suppressed exceptions of a {@link BenchmarkException}, itself the cause of the {@link
 * RunnerException} the host throws ("Benchmark caught the exception"), which names nothing.
 */
final class ForkFailure {

    /** Exit codes of a process stopped from outside on purpose: Ctrl-C (SIGINT), SIGTERM. */
    static final Set<Integer> STOPPED = Set.of(128 + 2, 128 + 15);

    private static final Pattern EXIT = Pattern.compile("Forked VM failed with exit code (\\d+)");

    /** The first exception line a fork printed, for failures JMH did not hand over. */
    private static final Pattern PRINTED =
            Pattern.compile(
                    "^\\s*(?:Caused by: |Exception in thread \"[^\"]*\" )?"
                            + "((?:[a-z]+\\.)+[A-Z]\\w*(?:Exception|Error)(?::.*)?)$",
                    Pattern.MULTILINE);

    private static final String JMH_LOCK = "JMH lock";

    /** How a command of this jar says why it failed, in its last line (cli's Main). */
    static final String COMMAND_ERROR = "benchmarks.jar: ";

    private ForkFailure() {}

    /**
     * The cause of {@code failure}: the fork's exception, how the fork ended, else the first
     * exception in the run's {@code output}, else the failure's own message.
     */
    static String cause(Throwable failure, String output) {
        OptionalInt exit = exitCode(failure);
        if (exit.isPresent()) {
            return describeExit(exit.getAsInt());
        }
        Optional<Throwable> fork = forkException(failure);
        if (fork.isPresent()) {
            return oneLine(fork.get());
        }
        return printed(output).orElseGet(() -> oneLine(failure));
    }

    /** The first exception line in {@code output}, without its package. */
    private static Optional<String> printed(String output) {
        Matcher m = PRINTED.matcher(output);
        if (m.find()) {
            return Optional.of(m.group(1).strip().replaceFirst("^(?:[a-z]+\\.)+(?=[A-Z])", ""));
        }
        return Optional.empty();
    }

    /**
     * Why a JVM running one of this jar's commands (a sweep's serve job) exited with {@code exit}:
     * the signal that killed it, else the command's own one-line error (its last), else the first
     * exception it printed, else its exit code.
     */
    static String ofCommand(int exit, String output) {
        if (exit > 128) {
            return describeExit(exit);
        }
        List<String> errors =
                output.lines()
                        .filter(l -> l.startsWith(COMMAND_ERROR))
                        .map(l -> l.substring(COMMAND_ERROR.length()).strip())
                        .toList();
        if (!errors.isEmpty()) {
            return errors.get(errors.size() - 1);
        }
        return printed(output).orElseGet(() -> describeExit(exit));
    }

    /** The exit code of a fork that died, when that is how the run failed. */
    static OptionalInt exitCode(Throwable failure) {
        for (Throwable t : chain(failure)) {
            if (t.getMessage() != null) {
                Matcher m = EXIT.matcher(t.getMessage());
                if (m.find()) {
                    return OptionalInt.of(Integer.parseInt(m.group(1)));
                }
            }
        }
        return OptionalInt.empty();
    }

    /** Whether the run could not start because another JMH run on this machine holds its lock. */
    static boolean jmhLockHeld(Throwable failure) {
        return failure instanceof RunnerException
                && failure.getMessage() != null
                && failure.getMessage().contains(JMH_LOCK);
    }

    /** How a fork ended, from its exit code (128 + N: killed by signal N). */
    static String describeExit(int code) {
        if (code == 128 + 9) {
            return "the fork was killed by signal 9 (out of memory?)";
        }
        if (code == 128 + 2) {
            return "the fork was interrupted (signal 2, Ctrl-C)";
        }
        if (code == 128 + 15) {
            return "the fork was stopped by signal 15 (SIGTERM)";
        }
        if (code == 128 + 6) {
            return "the fork aborted (signal 6: a native crash, see hs_err_pid*.log)";
        }
        if (code > 128 && code < 128 + 65) {
            return "the fork was killed by signal " + (code - 128);
        }
        return "the fork exited with code " + code;
    }

    /**
     * One line for an exception: its message (for libtorch's, the reason at the end of a
     * TorchScript traceback), with the exception's name when the message alone would not say what
     * happened (an {@code OutOfMemoryError}, a {@code NullPointerException}).
     */
    static String oneLine(Throwable t) {
        if (t.getMessage() == null || t.getMessage().isBlank()) {
            return t.getClass().getSimpleName();
        }
        String reason = TorchScriptModel.reason(t);
        boolean speaksForItself =
                t instanceof IllegalArgumentException
                        || t instanceof IllegalStateException
                        || t instanceof RunnerException
                        || t.getClass().getName().startsWith("ai.djl.");
        return speaksForItself ? reason : t.getClass().getSimpleName() + ": " + reason;
    }

    /** The first exception JMH's wrappers hold that is not itself a wrapper. */
    private static Optional<Throwable> forkException(Throwable failure) {
        for (Throwable t : chain(failure)) {
            if (t instanceof BenchmarkException b) {
                for (Throwable held : chain(b)) {
                    if (!(held instanceof BenchmarkException)) {
                        return Optional.of(held);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** {@code failure}, its causes and suppressed exceptions, breadth first. */
    private static List<Throwable> chain(Throwable failure) {
        Deque<Throwable> todo = new ArrayDeque<>();
        Set<Throwable> seen = new HashSet<>();
        List<Throwable> all = new ArrayList<>();
        todo.add(failure);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            all.add(t);
            for (Throwable s : t.getSuppressed()) {
                todo.add(s);
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
        }
        return all;
    }
}
