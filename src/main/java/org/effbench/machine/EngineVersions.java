package org.effbench.machine;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.openjdk.jmh.util.Version;

/** DJL and libtorch versions, read from the jars (without loading libtorch). */
public record EngineVersions(String djl, String libtorch, String djlPytorchJni, String jmh) {
    public static EngineVersions describe() {
        Properties natives = properties("native/lib/pytorch.properties");
        Properties jni = properties("jnilib/pytorch.properties");
        return new EngineVersions(
                Engine.getDjlVersion(),
                natives.getProperty("version", "unknown")
                        + " "
                        + natives.getProperty("flavor", "")
                        + " "
                        + natives.getProperty("classifier", ""),
                jni.getProperty("jni_version", "unknown"),
                Version.getPlainVersion());
    }

    private static Properties properties(String resource) {
        Properties p = new Properties();
        try (InputStream in = EngineVersions.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable version file leaves the version "unknown"
        }
        return p;
    }
}
