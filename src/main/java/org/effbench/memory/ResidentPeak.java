package org.effbench.memory;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.effbench.engine.TorchEngine;
import org.effbench.launch.Allocator;
import org.effbench.model.ForwardModel;

/**
 * The memory one forward pass needs at once, as the kernel sees it: the process's resident
 * high-water mark is reset ({@code /proc/self/clear_refs}), one pass runs, and the mark minus the
 * resident size before the pass is the peak the pass added: activations, operator temporaries and
 * workspace, whatever the model's structure. That is why it serves TorchScript files, whose graph
 * Java cannot walk between operators. The input batch exists before the pass and is not in it.
 *
 * <p>It is only meaningful when freed memory leaves the process at once, so it refuses to run
 * unless the JVM was started with {@link Allocator#GLIBC_RETURNING}: a caching malloc serves a pass
 * from memory kept since the warm-up and would show almost nothing. Blocks below glibc's mmap
 * threshold (16 KiB) may come from memory the heap already holds, so tensors that small are
 * undercounted. The JVM's own threads (JIT, GC) grow or shrink the process beside a pass now and
 * then, either way by a MB or two; only passes that end where they started count, and their median
 * is kept.
 */
public final class ResidentPeak {

    /**
     * The median peak of {@code clean} passes that ended where they started, of {@code run} passes.
     */
    public record Measurement(long bytes, int clean, int run) {}

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private static final int WARMUP_PASSES = 3;

    /** A pass ends "where it started" within this much, or 2% of its peak if more. */
    private static final long SETTLED_BYTES = 256 * 1024;

    private static final long MMAP_THRESHOLD = 16384;

    private ResidentPeak() {}

    /** Why this JVM cannot measure, or empty if it can. */
    public static Optional<String> unavailable() {
        if (!Files.isWritable(CLEAR_REFS) || !Files.isReadable(STATUS)) {
            return Optional.of(
                    "the kernel offers no "
                            + CLEAR_REFS
                            + " to reset the resident peak (Linux only)");
        }
        if (!returnsFreedMemory(System.getenv("GLIBC_TUNABLES"), System.getenv("LD_PRELOAD"))) {
            return Optional.of(
                    "this JVM's malloc keeps freed memory (start it with allocator "
                            + Allocator.GLIBC_RETURNING.id()
                            + ")");
        }
        return Optional.empty();
    }

    /** glibc malloc, trimming at once and mmapping blocks from 16 KiB up (or smaller). */
    static boolean returnsFreedMemory(String glibcTunables, String ldPreload) {
        if (glibcTunables == null || Allocator.preloadsAnAllocator(ldPreload)) {
            return false;
        }
        Matcher mmap =
                Pattern.compile("glibc\\.malloc\\.mmap_threshold=(\\d+)").matcher(glibcTunables);
        return mmap.find()
                && Long.parseLong(mmap.group(1)) <= MMAP_THRESHOLD
                && glibcTunables.matches("(.*:)?glibc\\.malloc\\.trim_threshold=0(:.*)?");
    }

    /**
     * @param passes clean passes wanted; at most 3 x as many run
     * @throws IllegalStateException if {@link #unavailable()} says why not, or fewer than {@code
     *     passes} came out clean
     */
    public static Measurement measure(ForwardModel model, int batch, int passes) {
        unavailable()
                .ifPresent(
                        why -> {
                            throw new IllegalStateException("cannot measure peak memory: " + why);
                        });
        try (NDManager caller = NDManager.newBaseManager(TorchEngine.NAME)) {
            NDList input = model.newInput(caller, batch, 1);
            for (int i = 0; i < WARMUP_PASSES; i++) {
                model.inferInScope(caller, input);
            }
            List<Long> clean = new ArrayList<>();
            int run = 0;
            while (clean.size() < passes && run < 3 * passes) {
                Files.writeString(CLEAR_REFS, "5"); // resets VmHWM to the current resident size
                long before = status("VmRSS");
                model.inferInScope(caller, input);
                long peak = status("VmHWM") - before;
                long net = status("VmRSS") - before;
                run++;
                if (Math.abs(net) <= Math.max(SETTLED_BYTES, peak / 50)) {
                    clean.add(peak);
                }
            }
            if (clean.size() < passes) {
                throw new IllegalStateException(
                        "cannot measure peak memory: only "
                                + clean.size()
                                + " of "
                                + run
                                + " passes ended with the process as large as it started (something else kept allocating)");
            }
            Collections.sort(clean);
            return new Measurement(Math.max(0, clean.get(clean.size() / 2)), clean.size(), run);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the process's memory from /proc: " + e.getMessage(), e);
        }
    }

    /** A field of /proc/self/status in bytes (the kernel gives kB). */
    static long status(String field) throws IOException {
        return kilobytes(Files.readString(STATUS), field) * 1024;
    }

    static long kilobytes(String status, String field) {
        Matcher m =
                Pattern.compile("^" + field + ":\\s+(\\d+) kB$", Pattern.MULTILINE).matcher(status);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in /proc/self/status");
        }
        return Long.parseLong(m.group(1));
    }
}
