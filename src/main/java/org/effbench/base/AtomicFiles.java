package org.effbench.base;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Files that appear whole or not at all: written under a {@code .partial} name, forced to the disk,
 * then renamed in one step. A write that fails (a full disk) removes its partial file and names the
 * file it was writing.
 *
 * <p>For fault drills and tests, {@code -Deffbench.fault.diskSpace=BYTES} (or {@link
 * #simulateFullDisk}) makes these writes fail as a full disk does once that many bytes have been
 * written.
 */
public final class AtomicFiles {

    /** The system property of the simulated disk space. */
    public static final String DISK_SPACE = "effbench.fault.diskSpace";

    /** The suffix of a file being written. */
    public static final String PARTIAL = ".partial";

    /** What the kernel says on a full disk (ENOSPC). */
    public static final String NO_SPACE = "No space left on device";

    private static final long UNLIMITED = -1;

    private static final AtomicLong SPACE_LEFT =
            new AtomicLong(Long.getLong(DISK_SPACE, UNLIMITED));

    /** What a file is filled with. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A check of a finished partial file before it is moved into place. */
    @FunctionalInterface
    public interface Check {
        /**
         * @throws IOException or a runtime exception when the file must not be published
         */
        void accept(Path partial) throws IOException;
    }

    private AtomicFiles() {}

    /** The name a writer fills before it is moved to {@code target}. */
    public static Path partialOf(Path target) {
        return target.resolveSibling(target.getFileName() + PARTIAL);
    }

    /**
     * Fills {@code target}'s partial file with {@code content} and moves it into place.
     *
     * @throws IOException "cannot write TARGET: reason", with no partial file left behind
     */
    public static Path write(Path target, Content content) throws IOException {
        return write(target, content, partial -> {});
    }

    /**
     * Like {@link #write(Path, Content)}, moving the file into place only when {@code check}
     * accepts it.
     *
     * @throws RuntimeException what {@code check} threw; no partial file is left behind
     */
    public static Path write(Path target, Content content, Check check) throws IOException {
        Path partial = partialOf(target);
        try {
            try (FileChannel channel =
                            FileChannel.open(
                                    partial,
                                    StandardOpenOption.CREATE,
                                    StandardOpenOption.TRUNCATE_EXISTING,
                                    StandardOpenOption.WRITE);
                    OutputStream out =
                            new BufferedOutputStream(
                                    new Metered(Channels.newOutputStream(channel)), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            check.accept(partial);
            return Files.move(
                    partial,
                    target,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (RuntimeException e) {
            deleteQuietly(partial, e);
            throw e;
        } catch (IOException e) {
            deleteQuietly(partial, e);
            throw new IOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    public static Path writeString(Path target, String content) throws IOException {
        return write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    public static Path writeBytes(Path target, byte[] content) throws IOException {
        return write(target, out -> out.write(content));
    }

    /**
     * Makes writes through this class fail as on a full disk once {@code bytes} more bytes are
     * written, until the returned handle is closed.
     */
    public static AutoCloseable simulateFullDisk(long bytes) {
        long before = SPACE_LEFT.getAndSet(bytes);
        return () -> SPACE_LEFT.set(before);
    }

    private static String reason(IOException e) {
        // NIO's messages start with the path they name; the caller names the target already
        if (e instanceof FileSystemException f) {
            if (f.getReason() != null) {
                return f.getReason();
            }
            if (e instanceof NoSuchFileException) {
                return "No such file or directory";
            }
            if (e instanceof AccessDeniedException) {
                return "Permission denied";
            }
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message);
    }

    private static void deleteQuietly(Path partial, Exception failure) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Counts bytes against the simulated disk space, when one is set. */
    private static final class Metered extends FilterOutputStream {
        Metered(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            long left = SPACE_LEFT.get();
            if (left == UNLIMITED) {
                out.write(b, off, len);
                return;
            }
            int fits = (int) Math.min(len, left);
            out.write(b, off, fits);
            SPACE_LEFT.set(left - fits);
            if (fits < len) {
                throw new IOException(NO_SPACE);
            }
        }
    }
}
