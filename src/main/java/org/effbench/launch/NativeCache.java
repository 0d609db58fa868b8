package org.effbench.launch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Native libraries a fork preloads, unpacked from the jar or compiled with the machine's C compiler
 * on first use and kept in a cache folder under names that carry a hash of their content: a changed
 * source gets a new file, and the next run finds the last one's. Each file appears whole (written
 * under a temporary name, then moved), so two runs starting at once cannot load half of one.
 */
final class NativeCache {

    private NativeCache() {}

    /**
     * @throws IllegalStateException if the jar lacks it
     */
    static byte[] resource(String path) {
        try (InputStream in = NativeCache.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(
                        path + " is missing from the classpath: rebuild with mvn package");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    static boolean hasResource(String path) {
        return NativeCache.class.getClassLoader().getResource(path) != null;
    }

    /** Writes {@code content} to {@code target} unless it is there already. */
    static Path unpack(byte[] content, Path target) {
        if (Files.isReadable(target)) {
            return target;
        }
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "unpack", ".tmp");
            try {
                Files.write(tmp, content);
                Files.move(
                        tmp,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Compiles the C {@code source} into the shared library {@code target} unless it is there
     * already; {@code linkArgs} follow the source on cc's command line.
     *
     * @param what names the library in messages
     * @throws IllegalStateException with the cause in one line: no compiler, or its first error
     */
    static Path compile(byte[] source, Path target, List<String> linkArgs, String what) {
        if (Files.isReadable(target)) {
            return target;
        }
        Path dir = target.getParent();
        try {
            Files.createDirectories(dir);
            Path c = Files.createTempFile(dir, "build", ".c");
            Path tmp = Files.createTempFile(dir, "build", ".so");
            try {
                Files.write(c, source);
                List<String> command =
                        new ArrayList<>(
                                List.of(
                                        "cc",
                                        "-O2",
                                        "-shared",
                                        "-fPIC",
                                        "-o",
                                        tmp.toString(),
                                        c.toString()));
                command.addAll(linkArgs);
                Process cc = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output =
                        new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                                .strip();
                if (!cc.waitFor(60, TimeUnit.SECONDS) || cc.exitValue() != 0) {
                    throw new IllegalStateException(
                            "cc could not build "
                                    + what
                                    + ": "
                                    + output.lines().findFirst().orElse(""));
                }
                Files.move(
                        tmp,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                return target;
            } finally {
                Files.deleteIfExists(c);
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "no C compiler (cc) to build " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building " + what, e);
        }
    }

    /** Whether {@code command} is an executable file in a folder of {@code PATH}. */
    static boolean onPath(String command) {
        return onPath(command, System.getenv("PATH"));
    }

    /**
     * Whether {@code command} is an executable file in a folder of the search path {@code path}.
     */
    static boolean onPath(String command, String path) {
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
