package org.effbench.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.effbench.base.Fingerprints;

/**
 * jemalloc without a package install: the library LWJGL publishes on Maven Central ({@code
 * org.lwjgl:lwjgl-jemalloc}, natives-linux, a dependency of the jar) exports only {@code je_}
 * functions, so a small C shim compiled on first use forwards malloc, free and the rest to them.
 * Both land in {@code CACHE/jemalloc-HASH/} (the hash covers the library and the shim's source) and
 * are preloaded together, the library first. x86-64 Linux only, as is the artifact.
 */
final class BundledJemalloc {

    /** Where the LWJGL artifact keeps the library. */
    static final String LIBRARY_RESOURCE = "linux/x64/org/lwjgl/jemalloc/libjemalloc.so";

    static final String SHIM_SOURCE = "native/jemalloc-forward.c";

    /** The library's own soname, which the shim's dependency names. */
    static final String LIBRARY = "libjemalloc.so.2";

    /** The shim's file name, which also marks this allocator in an {@code LD_PRELOAD} value. */
    static final String SHIM = "libjemalloc-forward.so";

    private BundledJemalloc() {}

    /** Why it cannot be had on this machine, or empty if it can. */
    static Optional<String> unavailable(Path cacheDir) {
        return unavailable(cacheDir, System.getenv("PATH"));
    }

    /** As {@link #unavailable(Path)}, with {@code path} as the command search path. */
    static Optional<String> unavailable(Path cacheDir, String path) {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")
                || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return Optional.of(
                    "needs x86-64 Linux (the jemalloc in the jar is built for it), not "
                            + os
                            + " "
                            + arch);
        }
        if (!NativeCache.hasResource(LIBRARY_RESOURCE)) {
            return Optional.of(
                    "needs " + LIBRARY_RESOURCE + " in the jar (rebuild with mvn package)");
        }
        if (!NativeCache.onPath("cc", path) && !Files.isReadable(folder(cacheDir).resolve(SHIM))) {
            return Optional.of("needs a C compiler (cc) to build its forwarding shim");
        }
        return Optional.empty();
    }

    /**
     * The library and the shim, unpacked and built if not cached.
     *
     * @throws IllegalStateException naming what could not be had
     */
    static List<Path> preload(Path cacheDir) {
        unavailable(cacheDir)
                .ifPresent(
                        why -> {
                            throw new IllegalStateException(why);
                        });
        Path folder = folder(cacheDir);
        Path library =
                NativeCache.unpack(NativeCache.resource(LIBRARY_RESOURCE), folder.resolve(LIBRARY));
        Path shim =
                NativeCache.compile(
                        NativeCache.resource(SHIM_SOURCE),
                        folder.resolve(SHIM),
                        List.of("-L" + folder, "-l:" + LIBRARY, "-Wl,-rpath,$ORIGIN"),
                        "the jemalloc forwarding shim");
        return List.of(library, shim);
    }

    private static Path folder(Path cacheDir) {
        byte[] library = NativeCache.resource(LIBRARY_RESOURCE);
        byte[] shim = NativeCache.resource(SHIM_SOURCE);
        String hash =
                Fingerprints.sha256Hex(
                        Fingerprints.sha256Hex(library, 32) + Fingerprints.sha256Hex(shim, 32), 6);
        return cacheDir.resolve("jemalloc-" + hash);
    }
}
