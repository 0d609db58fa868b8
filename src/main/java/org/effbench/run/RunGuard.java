package org.effbench.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.effbench.base.AtomicFiles;

/**
 * A runner's hold on its run folder: the folder's {@link RunLock}, and what happens when the run is
 * stopped from outside (Ctrl-C, {@code kill}): the forks are stopped, no half-written file is left,
 * the console says in one or two lines what was kept and how to go on, and the lock is released.
 *
 * <p>The runner makes its records through {@link #record} and checks {@link #checkpoint} before it
 * reports a failure: once the run is being stopped neither happens (the JVM ends when this shutdown
 * hook has), so a configuration cut short is never recorded as failed.
 */
final class RunGuard implements AutoCloseable {

    private final RunFolder folder;
    private final RunLock lock;
    private final PrintStream console;
    private final Supplier<String> kept;
    private final Thread hook;
    private final Object records = new Object();
    private volatile boolean stopping;

    private RunGuard(RunFolder folder, RunLock lock, PrintStream console, Supplier<String> kept) {
        this.folder = folder;
        this.lock = lock;
        this.console = console;
        this.kept = kept;
        this.hook = new Thread(this::stop, "effbench-stop");
    }

    /**
     * Locks {@code folder} (see {@link RunLock#acquire}) and removes what an earlier runner that
     * was killed left half-written.
     *
     * @param kept what the console says when the run is stopped: what was kept and how to go on
     */
    static RunGuard hold(RunFolder folder, PrintStream console, Supplier<String> kept) {
        RunLock lock = RunLock.acquire(folder.path(), console);
        RunGuard guard = new RunGuard(folder, lock, console, kept);
        List<Path> left = guard.removePartials();
        if (!left.isEmpty()) {
            console.println(
                    "note: removed "
                            + left.stream().map(p -> p.getFileName().toString()).toList()
                            + ", left half-written by a run that was stopped");
        }
        Runtime.getRuntime().addShutdownHook(guard.hook);
        return guard;
    }

    /** Whether the run is being stopped from outside. */
    boolean stopping() {
        return stopping;
    }

    /** Runs {@code record} (a write to the folder, a line on the console) unless stopping. */
    void record(Runnable record) {
        synchronized (records) {
            checkpoint();
            record.run();
        }
    }

    /** Returns unless the run is being stopped; then waits for the JVM to end. */
    void checkpoint() {
        if (!stopping) {
            return;
        }
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // the JVM ends when the shutdown hook has run
            }
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook releases the lock
            return;
        }
        lock.close();
    }

    /** The shutdown hook. */
    void stop() {
        synchronized (records) {
            stopping = true;
        }
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
        removePartials();
        console.println();
        console.println("benchmarks.jar: stopped; " + kept.get());
        console.flush();
        lock.close();
    }

    private List<Path> removePartials() {
        try (Stream<Path> files = Files.list(folder.path())) {
            List<Path> partials =
                    files.filter(p -> p.getFileName().toString().endsWith(AtomicFiles.PARTIAL))
                            .toList();
            for (Path p : partials) {
                Files.deleteIfExists(p);
            }
            return partials;
        } catch (IOException e) {
            return List.of();
        }
    }
}
