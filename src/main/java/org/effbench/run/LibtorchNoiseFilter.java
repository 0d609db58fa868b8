package org.effbench.run;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Passes output through line by line, keeping only the first of libtorch's per-call warning that
 * NNPACK is unsupported on this CPU. libtorch 2.7 prints it on every 1x1 convolution it runs
 * without oneDNN (one thread, batch below 16), which would bury JMH's progress under thousands of
 * identical lines; there is no engine setting to turn the check off from DJL.
 */
public final class LibtorchNoiseFilter extends FilterOutputStream {

    static final String NNPACK = "Could not initialize NNPACK!";

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long suppressed;
    private boolean seen;

    public LibtorchNoiseFilter(OutputStream out) {
        super(out);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            flushLine();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        if (line.size() > 0) {
            flushLine();
        }
        super.close();
    }

    /** How many repeated warnings were dropped. */
    public synchronized long suppressed() {
        return suppressed;
    }

    private void flushLine() throws IOException {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.contains(NNPACK)) {
            if (seen) {
                suppressed++;
                return;
            }
            seen = true;
            out.write(text.replace("\n", "").getBytes(StandardCharsets.UTF_8));
            out.write(
                    " (repeats of this libtorch warning are not shown)\n"
                            .getBytes(StandardCharsets.UTF_8));
            return;
        }
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
