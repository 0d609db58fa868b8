package org.effbench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Test fixtures from src/test/resources, made by real runs of this harness. */
public final class Fixtures {

    private Fixtures() {}

    /** {@code /jmh/NAME}: JMH JSON written by the harness. */
    public static String jmh(String name) throws IOException {
        try (InputStream in = Fixtures.class.getResourceAsStream("/jmh/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture /jmh/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
