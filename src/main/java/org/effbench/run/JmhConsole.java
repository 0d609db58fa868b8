package org.effbench.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * JMH's console output, shown and kept in the run folder as {@code jmh.log}, without libtorch's
 * repeated warning.
 */
final class JmhConsole {

    static final String LOG = "jmh.log";

    private JmhConsole() {}

    /**
     * Output to the console, {@code jmh.log} (appended, so a resumed sweep keeps its history) and
     * {@code also}.
     */
    static PrintStream open(RunFolder folder, PrintStream console, OutputStream also) {
        try {
            OutputStream file =
                    Files.newOutputStream(
                            folder.file(LOG), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new PrintStream(
                    new LibtorchNoiseFilter(new Tee(console, file, also)),
                    true,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open " + folder.file(LOG) + ": " + e.getMessage(), e);
        }
    }

    static Collection<RunResult> run(Options options, PrintStream out) throws RunnerException {
        VerboseMode verbosity = options.verbosity().orElse(VerboseMode.NORMAL);
        return new Runner(options, OutputFormatFactory.createFormatInstance(out, verbosity)).run();
    }

    /** Writes to the console, a file and a third stream; closing closes only the file. */
    private static final class Tee extends OutputStream {
        private final OutputStream console;
        private final OutputStream file;
        private final OutputStream also;

        Tee(OutputStream console, OutputStream file, OutputStream also) {
            this.console = console;
            this.file = file;
            this.also = also;
        }

        @Override
        public void write(int b) throws IOException {
            console.write(b);
            file.write(b);
            also.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            console.write(b, off, len);
            file.write(b, off, len);
            also.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            console.flush();
            file.flush();
            also.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
            file.close();
        }
    }
}
