package org.effbench.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.effbench.machine.EngineVersions;
import picocli.CommandLine;

/**
 * effbench's version and the commit it was built from ({@code build.properties}, filled in by the
 * build), then the DJL, libtorch and JMH versions read from the jars.
 */
final class VersionProvider implements CommandLine.IVersionProvider {

    static final String BUILD_PROPERTIES = "build.properties";

    @Override
    public String[] getVersion() {
        EngineVersions v = EngineVersions.describe();
        return new String[] {
            own(readBuildProperties()),
            "DJL " + v.djl() + ", libtorch " + v.libtorch() + ", JMH " + v.jmh()
        };
    }

    /** "effbench VERSION, commit SHA", with "unknown" for what the build could not record. */
    static String own(Properties build) {
        String version = known(build.getProperty("version"));
        String commit = known(build.getProperty("commit"));
        String dirty = known(build.getProperty("dirty"));
        return "effbench "
                + version
                + ", commit "
                + commit
                + (commit.equals("unknown") || !dirty.equals("true")
                        ? ""
                        : " with uncommitted changes");
    }

    /** A value the build did not fill in stays a {@code ${placeholder}}, or is missing. */
    private static String known(String value) {
        return value == null || value.isBlank() || value.contains("${") ? "unknown" : value.strip();
    }

    private static Properties readBuildProperties() {
        Properties build = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(BUILD_PROPERTIES)) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUILD_PROPERTIES, e);
        }
        return build;
    }
}
