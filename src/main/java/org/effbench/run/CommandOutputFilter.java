package org.effbench.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The console's view of a JVM that runs one of this jar's commands for a sweep (a serve job): its
 * lines indented under the sweep's own, a stack trace left out and pointed to in the run's log
 * (which keeps the whole output; the sweep's line then gives the cause in one line), libtorch's
 * NNPACK warning once per run.
 */
final class CommandOutputFilter extends LineFilter {

    static final String INDENT = "  ";

    /** A line of a stack trace after its first: a frame, an omission, a cause or suppressed. */
    private static final Pattern TRACE =
            Pattern.compile(
                    "^\\s+at \\S|^\\s*\\.\\.\\. \\d+ (more|common frames omitted)"
                            + "|^\\s*Caused by: |^\\s*Suppressed: ");

    private static final String TORCHSCRIPT_TRACEBACK = "Traceback of TorchScript";

    private final Path log;
    private final JmhProgressFilter.Shown shown;
    private boolean inTrace;

    CommandOutputFilter(OutputStream out, Path log, JmhProgressFilter.Shown shown) {
        super(out);
        this.log = log;
        this.shown = shown;
    }

    @Override
    void line(String text) throws IOException {
        if (TRACE.matcher(text).find()) {
            if (!inTrace) {
                inTrace = true;
                emit(INDENT + "(the stack trace is in " + log + ")\n");
            }
            return;
        }
        // a trace goes on through its causes' indented lines, blank lines and TorchScript's
        // traceback, up to the next line of the command's own
        if (inTrace
                && (text.isBlank()
                        || Character.isWhitespace(text.charAt(0))
                        || text.startsWith(TORCHSCRIPT_TRACEBACK))) {
            return;
        }
        inTrace = false;
        if (text.contains(LibtorchNoiseFilter.NNPACK)
                && !shown.firstTime(LibtorchNoiseFilter.NNPACK)) {
            return; // shown for an earlier job of the run
        }
        emit(text.isBlank() ? text : INDENT + text);
    }
}
