package org.effbench.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The malloc a fork runs with. libtorch frees and reallocates every activation on each forward
 * pass; glibc returns large blocks to the kernel (mmap above its threshold, trimming the heap top),
 * so each pass faults in and zeroes fresh pages. The choices keep those pages instead.
 */
public enum Allocator {
    /** glibc malloc as it comes. */
    GLIBC("glibc", null, Map.of()),
    /**
     * glibc with its largest mmap threshold (32 MiB) and a 1 GiB trim threshold: activations come
     * from the heap and stay mapped between passes. Needs nothing installed.
     */
    GLIBC_TUNED(
            "glibc-tuned",
            null,
            Map.of(
                    "GLIBC_TUNABLES",
                    "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824")),
    /**
     * glibc that gives every block of 16 KiB or more back to the kernel when it is freed (mmap
     * threshold 16 KiB, trim threshold 0), and oneMKL without its buffer cache: resident memory
     * then follows the live tensors, which is what measuring a pass's peak memory needs. Slow; for
     * measuring memory, not time.
     */
    GLIBC_RETURNING(
            "glibc-returning",
            null,
            Map.of(
                    "GLIBC_TUNABLES",
                            "glibc.malloc.mmap_threshold=16384:glibc.malloc.trim_threshold=0",
                    "MKL_DISABLE_FAST_MM", "1")),
    /** gperftools' tcmalloc (Debian {@code libtcmalloc-minimal4}). */
    TCMALLOC("tcmalloc", "libtcmalloc_minimal.so.4", Map.of()),
    /**
     * jemalloc (Debian {@code libjemalloc2}); by default it hands large freed blocks back at once,
     * which makes it slower than glibc here, so large allocations go through its arenas.
     */
    JEMALLOC("jemalloc", "libjemalloc.so.2", Map.of("MALLOC_CONF", "oversize_threshold:0"));

    /** Where Debian and most distributions keep shared libraries. */
    public static final List<Path> LIBRARY_DIRS =
            List.of(
                    Path.of("/usr/lib/x86_64-linux-gnu"),
                    Path.of("/usr/lib/aarch64-linux-gnu"),
                    Path.of("/usr/lib64"),
                    Path.of("/usr/lib"),
                    Path.of("/usr/local/lib"));

    private final String id;
    private final String library;
    private final Map<String, String> environment;

    Allocator(String id, String library, Map<String, String> environment) {
        this.id = id;
        this.library = library;
        this.environment = environment;
    }

    public String id() {
        return id;
    }

    /** Variables the fork needs besides the preload. */
    public Map<String, String> environment() {
        return environment;
    }

    /**
     * The shared library to preload, found in {@code dirs}; empty for glibc.
     *
     * @throws IllegalArgumentException if the library is not installed, naming the Debian package
     */
    public Optional<Path> library(List<Path> dirs) {
        if (library == null) {
            return Optional.empty();
        }
        return Optional.of(
                dirs.stream()
                        .map(d -> d.resolve(library))
                        .filter(Files::isReadable)
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "allocator "
                                                        + id
                                                        + " needs "
                                                        + library
                                                        + ", not found in "
                                                        + dirs.stream()
                                                                .map(Path::toString)
                                                                .collect(Collectors.joining(", "))
                                                        + "; install Debian's "
                                                        + (this == TCMALLOC
                                                                ? "libtcmalloc-minimal4"
                                                                : "libjemalloc2")
                                                        + " or choose another of "
                                                        + accepted())));
    }

    /**
     * Whether an {@code LD_PRELOAD} value loads one of the allocators here (other libraries do not
     * count).
     */
    public static boolean preloadsAnAllocator(String ldPreload) {
        return ldPreload != null
                && Arrays.stream(values())
                        .anyMatch(a -> a.library != null && ldPreload.contains(a.library));
    }

    public boolean installed(List<Path> dirs) {
        return library == null || dirs.stream().anyMatch(d -> Files.isReadable(d.resolve(library)));
    }

    /**
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static Allocator parse(String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(a -> a.id.equals(wanted))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "allocator '"
                                                + text
                                                + "' is not accepted; accepted: "
                                                + accepted()));
    }

    static String accepted() {
        return Arrays.stream(values()).map(Allocator::id).collect(Collectors.joining(", "));
    }
}
