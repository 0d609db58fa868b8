package org.effbench.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import org.effbench.base.AtomicFiles;
import org.effbench.jmh.JmhJson;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;

/**
 * JMH's JSON result file, written by effbench with JMH's own formatter (the same bytes JMH writes)
 * so that it appears whole or not at all: JMH itself writes its file through a stream that drops
 * write errors, which on a full disk leaves a truncated file under its final name. The file is
 * filled under a temporary name, read back with {@link JmhJson} and moved into place only when
 * every entry reads back complete.
 */
final class JmhResultFile {

    private JmhResultFile() {}

    /**
     * Writes {@code results} as {@code name} in {@code folder}.
     *
     * @throws Invalid when they do not read back as complete JMH JSON; nothing is written
     * @throws IOException "cannot write FILE: reason" (a full disk); nothing is written
     */
    static Path write(RunFolder folder, String name, Collection<RunResult> results)
            throws IOException {
        Path target = folder.file(name);
        if (results.isEmpty()) {
            throw new Invalid("JMH returned no result for " + target + "; nothing written");
        }
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(json, false, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(results);
        }
        return AtomicFiles.write(
                target,
                out -> out.write(json.toByteArray()),
                partial -> check(target, JmhJson.read(partial)));
    }

    private static void check(Path target, JmhJson.Parsed parsed) {
        if (!parsed.problems().isEmpty() || parsed.results().isEmpty()) {
            throw new Invalid(
                    "JMH's result "
                            + target
                            + " does not read back whole ("
                            + (parsed.problems().isEmpty() ? "no entry" : parsed.problems().get(0))
                            + "); not kept");
        }
    }

    /** A result file that would not be whole. */
    static final class Invalid extends IllegalStateException {
        Invalid(String message) {
            super(message);
        }
    }
}
