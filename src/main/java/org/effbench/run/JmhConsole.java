package org.effbench.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.function.BooleanSupplier;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * JMH's console output (and a sweep's serve jobs', see {@link #openCommand}), kept whole in the run
 * folder as {@code jmh.log} and shown without libtorch's repeated warning, without failures' stack
 * traces (see {@link FailureDetailFilter}) and without JMH's repeated paragraphs and empty energy
 * counters; a sweep's console leaves JMH's progress out altogether (see {@link JmhProgressFilter}).
 */
final class JmhConsole {

    static final String LOG = "jmh.log";

    private JmhConsole() {}

    /**
     * Output to the console, {@code jmh.log} (appended, so a resumed sweep keeps its history) and
     * {@code also}; nothing more reaches the console once {@code muted} says so (the run is being
     * stopped and has said what it kept).
     *
     * @param shown what the run's console has shown already, shared by its JMH runs
     * @param quiet leave JMH's progress out of the console (a sweep prints its own line per
     *     configuration)
     */
    static PrintStream open(
            RunFolder folder,
            PrintStream console,
            OutputStream also,
            BooleanSupplier muted,
            JmhProgressFilter.Shown shown,
            boolean quiet) {
        try {
            OutputStream file =
                    Files.newOutputStream(
                            folder.file(LOG), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            OutputStream screen =
                    new FailureDetailFilter(
                            new JmhProgressFilter(new Muted(console, muted), shown, quiet),
                            folder.file(LOG));
            return new PrintStream(
                    new LibtorchNoiseFilter(new Tee(screen, file, also)),
                    true,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open " + folder.file(LOG) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The output of a JVM running one of this jar's commands for a sweep (a serve job): whole in
     * {@code jmh.log} (appended) and {@code also}, on the console as {@link CommandOutputFilter}
     * shows it, nothing once {@code muted} says so.
     */
    static PrintStream openCommand(
            RunFolder folder,
            PrintStream console,
            OutputStream also,
            BooleanSupplier muted,
            JmhProgressFilter.Shown shown) {
        try {
            OutputStream file =
                    Files.newOutputStream(
                            folder.file(LOG), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            OutputStream screen =
                    new CommandOutputFilter(new Muted(console, muted), folder.file(LOG), shown);
            return new PrintStream(
                    new LibtorchNoiseFilter(new Tee(screen, file, also)),
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

    /** The console, until the run is being stopped. */
    private static final class Muted extends OutputStream {
        private final OutputStream console;
        private final BooleanSupplier muted;

        Muted(OutputStream console, BooleanSupplier muted) {
            this.console = console;
            this.muted = muted;
        }

        @Override
        public void write(int b) throws IOException {
            if (!muted.getAsBoolean()) {
                console.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!muted.getAsBoolean()) {
                console.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            console.flush();
        }

        @Override
        public void close() {
            // the console stays open
        }
    }

    /**
     * Writes to the console's filters, the log file and a third stream; closing closes the filters
     * (not the console under them) and the file. A log that can no longer be written (a full disk)
     * is given up, the rest goes on: the run reports the full disk when it writes its results.
     */
    private static final class Tee extends OutputStream {
        private final OutputStream console;
        private final OutputStream file;
        private final OutputStream also;
        private boolean fileFailed;

        Tee(OutputStream console, OutputStream file, OutputStream also) {
            this.console = console;
            this.file = file;
            this.also = also;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            console.write(b, off, len);
            also.write(b, off, len);
            if (!fileFailed) {
                try {
                    file.write(b, off, len);
                } catch (IOException e) {
                    fileFailed = true;
                }
            }
        }

        @Override
        public void flush() throws IOException {
            console.flush();
            also.flush();
            if (!fileFailed) {
                try {
                    file.flush();
                } catch (IOException e) {
                    fileFailed = true;
                }
            }
        }

        @Override
        public void close() throws IOException {
            console.close();
            flush();
            try {
                file.close();
            } catch (IOException e) {
                // given up already, or failing now: the log is what it is
            }
        }
    }
}
