package org.effbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code --version}: the project version and the commit the build recorded. */
class VersionProviderTest {

    @Test
    void whatTheBuildDidNotFillInIsUnknown() {
        assertThat(
                        VersionProvider.own(
                                properties(
                                        "${project.version}", "${git.commit.id}", "${git.dirty}")))
                .isEqualTo("effbench unknown, commit unknown");
        assertThat(VersionProvider.own(new Properties()))
                .isEqualTo("effbench unknown, commit unknown");
        assertThat(VersionProvider.own(properties("1.2.0", "ab12", "false")))
                .isEqualTo("effbench 1.2.0, commit ab12");
        assertThat(VersionProvider.own(properties("1.2.0", "ab12", "true")))
                .isEqualTo("effbench 1.2.0, commit ab12 with uncommitted changes");
    }

    /** The build filled in the pom's version and the commit of the checkout it ran in. */
    @Test
    void theBuildRecordedThisCheckout() throws Exception {
        Properties build = new Properties();
        try (InputStream in =
                VersionProvider.class.getResourceAsStream(VersionProvider.BUILD_PROPERTIES)) {
            assertThat(in).as("build.properties on the class path").isNotNull();
            build.load(in);
        }
        assertThat(build.getProperty("version")).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        String head = gitHead();
        if (head != null) {
            assertThat(build.getProperty("commit")).isEqualTo(head);
        }
    }

    private static Properties properties(String version, String commit, String dirty) {
        Properties p = new Properties();
        p.setProperty("version", version);
        p.setProperty("commit", commit);
        p.setProperty("dirty", dirty);
        return p;
    }

    /** This checkout's commit, or null without git or a checkout. */
    private static String gitHead() throws InterruptedException {
        try {
            Process git =
                    new ProcessBuilder("git", "rev-parse", "HEAD")
                            .redirectErrorStream(true)
                            .start();
            String out =
                    new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
