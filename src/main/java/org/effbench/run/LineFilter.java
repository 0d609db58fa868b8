package org.effbench.run;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Passes output through whole lines at a time, each to {@link #line} to be kept, changed or
 * dropped.
 */
abstract class LineFilter extends FilterOutputStream {

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineFilter(OutputStream out) {
        super(out);
    }

    /**
     * One line, with its line break ({@code \n}), or the text left at the end without one. Whatever
     * it passes on goes through {@link #emit}.
     */
    abstract void line(String text) throws IOException;

    /** The output ends: whatever a filter still holds is passed on or dropped now. */
    void end() throws IOException {}

    final void emit(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
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
        end();
        super.close();
    }

    private void flushLine() throws IOException {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        line(text);
    }
}
