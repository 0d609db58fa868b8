package org.effbench.engine;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Run inside a fork: fails the fork if a library its launcher preloaded is not mapped, so a run
 * never claims an allocator or MKL setting it did not have.
 */
public final class ForkCheck {

    /** Colon-separated libraries the fork's launcher preloaded and the fork must find mapped. */
    public static final String EXPECT_PRELOADED = "EFFBENCH_EXPECT_PRELOADED";

    private ForkCheck() {}

    /** The file a symbolic link names, as /proc/self/maps shows it. */
    private static String realPath(String library) {
        try {
            return Path.of(library).toRealPath().toString();
        } catch (IOException e) {
            return library;
        }
    }

    /**
     * @throws IllegalStateException naming the library that is missing from this process
     */
    public static void verifyPreloaded() {
        String expected = System.getenv(EXPECT_PRELOADED);
        if (expected == null || expected.isBlank()) {
            return;
        }
        String maps = ProcessMaps.read("check the preloaded libraries");
        for (String library : expected.split(":")) {
            if (!maps.contains(library) && !maps.contains(realPath(library))) {
                throw new IllegalStateException(
                        library
                                + " was to be preloaded into this fork but is not mapped;"
                                + " LD_PRELOAD="
                                + System.getenv("LD_PRELOAD"));
            }
        }
    }
}
