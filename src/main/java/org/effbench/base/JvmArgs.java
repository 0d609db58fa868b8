package org.effbench.base;

import java.util.List;
import java.util.Optional;

/** System properties as a JVM's command-line arguments give them. */
public final class JvmArgs {

    private JvmArgs() {}

    /** The value {@code -Dname=value} gives in {@code args}; the last one wins, as in the JVM. */
    public static Optional<String> property(List<String> args, String name) {
        String prefix = "-D" + name + "=";
        return args.stream()
                .filter(a -> a.startsWith(prefix))
                .map(a -> a.substring(prefix.length()))
                .reduce((first, last) -> last);
    }
}
