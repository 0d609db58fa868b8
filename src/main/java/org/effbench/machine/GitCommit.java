package org.effbench.machine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The commit of the checkout a run starts in, or "unknown" outside a git checkout. */
final class GitCommit {

    private GitCommit() {}

    static String of(Path directory) {
        try {
            Process git =
                    new ProcessBuilder("git", "rev-parse", "HEAD")
                            .directory(directory.toFile())
                            .redirectErrorStream(true)
                            .start();
            String out =
                    new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (git.waitFor(10, TimeUnit.SECONDS)
                    && git.exitValue() == 0
                    && out.matches("[0-9a-f]{40}")) {
                String dirty =
                        new String(
                                new ProcessBuilder(
                                                "git",
                                                "status",
                                                "--porcelain",
                                                "--untracked-files=no")
                                        .directory(directory.toFile())
                                        .start()
                                        .getInputStream()
                                        .readAllBytes(),
                                StandardCharsets.UTF_8);
                return dirty.isBlank() ? out : out + "+uncommitted";
            }
        } catch (IOException e) {
            // no git on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }
}
