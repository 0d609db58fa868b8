package org.effbench.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The console's view of JMH's output: a failure's stack trace (and libtorch's TorchScript traceback
 * in it) and a dead fork's last output are left out and pointed to in the run's log, which keeps
 * them whole; the runner then says in one line what went wrong. Everything else passes.
 *
 * <p>JMH prints a failure as {@code <failure>}, a blank line, the stack traces (which may hold
 * blank lines) and a blank line, and a fork that died as {@code <forked VM failed with exit code
 * N>} followed by its stdout and stderr tails up to {@code </stderr>}; after either comes one of
 * JMH's own lines (a {@code #} header, an iteration, a result, or its fail-on-error notice).
 */
final class FailureDetailFilter extends LineFilter {

    static final String FAILURE = "<failure>";
    static final String FORK_FAILED = "<forked VM failed with exit code";
    static final String FAIL_ON_ERROR = "Benchmark had encountered error";
    private static final String TAIL_END = "</stderr>";

    private enum State {
        PASSING,
        /** in a stack trace, up to JMH's next own line */
        TRACE,
        /** in a dead fork's output tails, up to their end */
        TAIL
    }

    private final Path log;
    private State state = State.PASSING;

    FailureDetailFilter(OutputStream out, Path log) {
        super(out);
        this.log = log;
    }

    @Override
    void line(String text) throws IOException {
        String content = text.strip();
        switch (state) {
            case TAIL -> {
                if (content.equals(TAIL_END)) {
                    state = State.TRACE;
                }
                return;
            }
            case TRACE -> {
                if (!jmhLine(content)) {
                    return;
                }
                state = State.PASSING;
            }
            case PASSING -> {
                // passes below
            }
        }
        if (text.contains(FAILURE)) {
            emit(text.stripTrailing() + " (the stack trace is in " + log + ")\n");
            state = State.TRACE;
        } else if (text.contains(FORK_FAILED)) {
            emit(text.stripTrailing() + " (its last output is in " + log + ")\n");
            state = State.TAIL;
        } else if (!content.startsWith(FAIL_ON_ERROR)) {
            emit(text);
        }
    }

    /** A line JMH itself prints after a failure's details. */
    private static boolean jmhLine(String content) {
        return content.startsWith("# ")
                || content.startsWith("Iteration ")
                || content.startsWith("Result \"")
                || content.startsWith("Benchmark ")
                || content.startsWith(FAIL_ON_ERROR)
                || content.contains(FORK_FAILED);
    }
}
