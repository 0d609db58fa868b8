package org.effbench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One runner per run folder: a second is refused naming the holder, the lock goes with its holder,
 * and a lock left by a runner that was killed is taken over with a note. (Between two processes,
 * BenchmarksJarIT starts a second sweep on a running one's folder.)
 */
class RunLockTest {

    @TempDir Path folder;

    private final ByteArrayOutputStream notes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(notes, true, StandardCharsets.UTF_8);

    @Test
    void aSecondRunnerIsRefusedNamingTheHoldersPid() {
        long pid = ProcessHandle.current().pid();
        try (RunLock first = RunLock.acquire(folder, out)) {
            assertThat(folder.resolve(RunLock.FILE)).hasContent(Long.toString(pid));
            assertThatThrownBy(() -> RunLock.acquire(folder, out))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(
                            "run folder "
                                    + folder
                                    + " is in use by another effbench run (PID "
                                    + pid
                                    + "); wait for it to end, or stop it and run again");
        }
        assertThat(folder.resolve(RunLock.FILE)).as("released, its file emptied").isEmptyFile();
        RunLock.acquire(folder, out).close();
        assertThat(notes.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void theLockOfARunnerThatIsGoneIsTakenOverWithANote() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(folder.resolve(RunLock.FILE), gone.pid() + "\n");

        try (RunLock lock = RunLock.acquire(folder, out)) {
            assertThat(notes.toString(StandardCharsets.UTF_8))
                    .isEqualTo(
                            "note: taking over the lock of run folder "
                                    + folder
                                    + " from PID "
                                    + gone.pid()
                                    + ", which is no longer running (killed?)\n");
            assertThat(folder.resolve(RunLock.FILE))
                    .hasContent(Long.toString(ProcessHandle.current().pid()));
        }
    }
}
