package org.effbench.run;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One runner per run folder: a lock file locked by the operating system while its runner lives,
 * holding the runner's PID. A second runner refuses, naming the holder. The runner releases it when
 * it ends (the file stays, empty: removing it would let a runner waiting on the old file and one
 * creating a new file both hold "the" lock); the system releases it when the runner is killed, and
 * the PID it left behind is then taken over with a note.
 *
 * <p>The lock is a POSIX record lock, which a process loses when it closes any descriptor of the
 * file: nothing else in this process opens the file while it is held.
 */
public final class RunLock implements AutoCloseable {

    /** The lock file in the run folder. */
    public static final String FILE = ".effbench.lock";

    /** Lock files this process holds: a second open and close here would release the lock. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of run folder {@code folder}.
     *
     * @param notes where taking over the lock of a runner that was killed is reported
     * @throws IllegalStateException naming the holder's PID, when another runner holds it
     */
    public static RunLock acquire(Path folder, PrintStream notes) {
        Path file = folder.resolve(FILE).toAbsolutePath().normalize();
        String own = Long.toString(ProcessHandle.current().pid());
        if (!HELD.add(file)) {
            throw inUse(folder, own);
        }
        try {
            FileChannel channel =
                    FileChannel.open(
                            file,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            String holder = pidIn(read(channel));
            if (lock == null) {
                channel.close();
                throw inUse(folder, holder);
            }
            if (!holder.isEmpty() && !holder.equals(own)) {
                notes.println(
                        "note: taking over the lock of run folder "
                                + folder
                                + " from PID "
                                + holder
                                + ", which "
                                + (alive(holder)
                                        ? "no longer holds it"
                                        : "is no longer running (killed?)"));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((own + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new RunLock(file, channel, lock);
        } catch (IOException e) {
            HELD.remove(file);
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            HELD.remove(file);
            throw e;
        }
    }

    /** Releases the lock, leaving its file empty; again does nothing. */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            channel.truncate(0);
        } catch (IOException e) {
            // a PID left behind is taken over with a note
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing releases the lock; the system does at exit at the latest
        } finally {
            HELD.remove(file);
        }
    }

    private static IllegalStateException inUse(Path folder, String holder) {
        return new IllegalStateException(
                "run folder "
                        + folder
                        + " is in use by another effbench run (PID "
                        + (holder.isEmpty() ? "unknown" : holder)
                        + "); wait for it to end, or stop it and run again");
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        channel.read(buffer, 0);
        buffer.flip();
        return StandardCharsets.UTF_8.decode(buffer).toString();
    }

    /** The PID a lock file names (its first word). */
    private static String pidIn(String content) {
        String s = content.strip();
        return s.isEmpty() ? "" : s.split("\\s+")[0];
    }

    private static boolean alive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
