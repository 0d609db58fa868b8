package org.effbench.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    GLIBC("glibc", null, null, Map.of()),
    /**
     * glibc with its largest mmap threshold (32 MiB) and a 1 GiB trim threshold: activations come
     * from the heap and stay mapped between passes. Needs nothing installed.
     */
    GLIBC_TUNED(
            "glibc-tuned",
            null,
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
            null,
            Map.of(
                    "GLIBC_TUNABLES",
                            "glibc.malloc.mmap_threshold=16384:glibc.malloc.trim_threshold=0",
                    "MKL_DISABLE_FAST_MM", "1")),
    /** gperftools' tcmalloc (Debian {@code libtcmalloc-minimal4}). */
    TCMALLOC("tcmalloc", "libtcmalloc_minimal.so.4", "libtcmalloc-minimal4", Map.of()),
    /**
     * jemalloc (Debian {@code libjemalloc2}); by default it hands large freed blocks back at once,
     * which makes it slower than glibc here, so large allocations go through its arenas.
     */
    JEMALLOC(
            "jemalloc",
            "libjemalloc.so.2",
            "libjemalloc2",
            Map.of("MALLOC_CONF", "oversize_threshold:0")),
    /**
     * jemalloc from the jar itself (LWJGL's build on Maven Central, see {@link BundledJemalloc}):
     * needs a C compiler once, no package. Large blocks go through its arenas and freed pages are
     * never purged (no decay), so a pass reuses the last pass's pages as it does with tcmalloc;
     * with jemalloc's default 10 s decay the forks took thousands of page faults a second.
     */
    JEMALLOC_BUNDLED(
            "jemalloc-bundled",
            null,
            null,
            Map.of("JE_MALLOC_CONF", "oversize_threshold:0,dirty_decay_ms:-1,muzzy_decay_ms:-1"));

    /** Where Debian and most distributions keep shared libraries. */
    public static final List<Path> LIBRARY_DIRS =
            List.of(
                    Path.of("/usr/lib/x86_64-linux-gnu"),
                    Path.of("/usr/lib/aarch64-linux-gnu"),
                    Path.of("/usr/lib64"),
                    Path.of("/usr/lib"),
                    Path.of("/usr/local/lib"));

    /**
     * What a run gets when it names no allocator: the first of these this machine has. tcmalloc
     * measured fastest and steadiest; without it, the measured fallback (results/PERFORMANCE.md).
     */
    public static final List<Allocator> PREFERENCE =
            List.of(TCMALLOC, JEMALLOC_BUNDLED, GLIBC_TUNED);

    private final String id;
    private final String library;
    private final String debianPackage;
    private final Map<String, String> environment;

    Allocator(String id, String library, String debianPackage, Map<String, String> environment) {
        this.id = id;
        this.library = library;
        this.debianPackage = debianPackage;
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
     * Where installed allocators are looked for: the folders of {@code LD_LIBRARY_PATH} first, as
     * the dynamic loader does, then {@link #LIBRARY_DIRS}.
     */
    public static List<Path> searchDirs() {
        return searchDirs(System.getenv("LD_LIBRARY_PATH"));
    }

    static List<Path> searchDirs(String ldLibraryPath) {
        List<Path> dirs = new ArrayList<>();
        if (ldLibraryPath != null) {
            Arrays.stream(ldLibraryPath.split(":"))
                    .filter(d -> !d.isBlank())
                    .map(Path::of)
                    .forEach(dirs::add);
        }
        dirs.addAll(LIBRARY_DIRS);
        return List.copyOf(dirs);
    }

    /**
     * The allocator of a run that names none: the first of {@link #PREFERENCE} this machine has.
     */
    public static Allocator preferred(List<Path> dirs, Path cacheDir) {
        return PREFERENCE.stream()
                .filter(a -> a.unavailable(dirs, cacheDir).isEmpty())
                .findFirst()
                .orElse(GLIBC_TUNED);
    }

    /**
     * Why this allocator cannot be had here (library not installed, no compiler for the bundled
     * jemalloc's shim), or empty if it can; builds nothing.
     */
    public Optional<String> unavailable(List<Path> dirs, Path cacheDir) {
        if (library != null) {
            return find(dirs).isPresent()
                    ? Optional.empty()
                    : Optional.of(
                            "needs "
                                    + library
                                    + ", not found in "
                                    + dirs.stream()
                                            .map(Path::toString)
                                            .collect(Collectors.joining(", "))
                                    + "; install Debian's "
                                    + debianPackage);
        }
        return this == JEMALLOC_BUNDLED ? BundledJemalloc.unavailable(cacheDir) : Optional.empty();
    }

    /**
     * The shared libraries to preload, in order: an installed library found in {@code dirs}, or the
     * bundled jemalloc and its shim, unpacked and built in {@code cacheDir}; empty for glibc.
     *
     * @throws IllegalArgumentException if it cannot be had here, naming why and the other choices
     */
    public List<Path> preload(List<Path> dirs, Path cacheDir) {
        requireAvailable(dirs, cacheDir);
        if (library != null) {
            return List.of(find(dirs).orElseThrow());
        }
        if (this == JEMALLOC_BUNDLED) {
            try {
                return BundledJemalloc.preload(cacheDir);
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(
                        "allocator "
                                + id
                                + ": "
                                + e.getMessage()
                                + ", or choose another of "
                                + accepted(),
                        e);
            }
        }
        return List.of();
    }

    /**
     * @throws IllegalArgumentException if {@link #unavailable} says why not, with the other choices
     */
    public void requireAvailable(List<Path> dirs, Path cacheDir) {
        Optional<String> why = unavailable(dirs, cacheDir);
        if (why.isPresent()) {
            throw new IllegalArgumentException(
                    "allocator " + id + " " + why.get() + ", or choose another of " + accepted());
        }
    }

    private Optional<Path> find(List<Path> dirs) {
        return dirs.stream().map(d -> d.resolve(library)).filter(Files::isReadable).findFirst();
    }

    /**
     * Whether an {@code LD_PRELOAD} value loads one of the allocators here (other libraries do not
     * count).
     */
    public static boolean preloadsAnAllocator(String ldPreload) {
        return ldPreload != null
                && (ldPreload.contains(BundledJemalloc.SHIM)
                        || Arrays.stream(values())
                                .anyMatch(a -> a.library != null && ldPreload.contains(a.library)));
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
