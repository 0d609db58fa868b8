package org.effbench.run;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes output through line by line, keeping only the first of libtorch's per-call warning that
 * NNPACK is unsupported on this CPU. libtorch 2.7 prints it on every 1x1 convolution it runs
 * without oneDNN (one thread, batch below 16), which would bury JMH's progress under thousands of
 * identical lines; there is no engine setting to turn the check off from DJL.
 */
public final class LibtorchNoiseFilter extends LineFilter {

    static final String NNPACK = "Could not initialize NNPACK!";

    private long suppressed;
    private boolean seen;

    public LibtorchNoiseFilter(OutputStream out) {
        super(out);
    }

    /** How many repeated warnings were dropped. */
    public synchronized long suppressed() {
        return suppressed;
    }

    @Override
    void line(String text) throws IOException {
        if (text.contains(NNPACK)) {
            if (seen) {
                suppressed++;
                return;
            }
            seen = true;
            emit(text.replace("\n", "") + " (repeats of this libtorch warning are not shown)\n");
            return;
        }
        emit(text);
    }
}
