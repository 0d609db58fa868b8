package org.effbench.cli;

import org.effbench.machine.EngineVersions;
import picocli.CommandLine;

/** effbench, DJL, libtorch and JMH versions, read from the jars. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        EngineVersions v = EngineVersions.describe();
        String own = Main.class.getPackage().getImplementationVersion();
        return new String[] {
            "effbench " + (own == null ? "(development build)" : own),
            "DJL " + v.djl() + ", libtorch " + v.libtorch() + ", JMH " + v.jmh()
        };
    }
}
