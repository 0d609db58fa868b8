package org.effbench.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a command printed to standard error during one test ({@code @RegisterExtension}), so a test
 * can read the one-line message a bad input gives; the real stream is restored after it.
 */
final class CapturedErr implements BeforeEachCallback, AfterEachCallback {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream original;

    @Override
    public void beforeEach(ExtensionContext context) {
        err.reset();
        original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setErr(original);
    }

    /** Everything printed so far in this test. */
    String text() {
        return err.toString(StandardCharsets.UTF_8);
    }

    void reset() {
        err.reset();
    }
}
