package org.effbench.machine;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The environment variables that change how libtorch, OpenMP and the allocator behave. */
public final class Environment {

    /** Variables that change how libtorch computes or allocates. */
    private static final Pattern RELEVANT_ENV =
            Pattern.compile(
                    "(OMP|KMP|GOMP|MKL|MKLDNN|DNNL|ONEDNN|OPENBLAS|TORCH|MALLOC|JEMALLOC|TCMALLOC|GLIBC)_.*|LD_PRELOAD|LD_LIBRARY_PATH");

    public static Map<String, String> relevant() {
        return relevant(System.getenv());
    }

    /** The variables of {@code all} that change how libtorch computes or allocates. */
    static Map<String, String> relevant(Map<String, String> all) {
        Map<String, String> env = new TreeMap<>();
        all.forEach(
                (k, v) -> {
                    if (RELEVANT_ENV.matcher(k).matches()) {
                        env.put(k, v);
                    }
                });
        return env;
    }

    private Environment() {}
}
