package org.effbench.engine;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The libtorch DJL mapped into this process, for the few of its functions DJL's JNI does not
 * expose. Opening the same file again returns the same handle, so calls reach the same global state
 * DJL's do; the engine must have been started.
 */
final class Libtorch {

    private static final String LIBRARY = "libtorch_cpu.so";

    private static NativeLibrary torch;

    private Libtorch() {}

    static synchronized NativeLibrary library() {
        if (torch == null) {
            String maps;
            try {
                maps = Files.readString(Path.of("/proc/self/maps"));
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot read /proc/self/maps to find libtorch: " + e.getMessage(), e);
            }
            String path =
                    maps.lines()
                            .filter(l -> l.endsWith("/" + LIBRARY))
                            .map(l -> l.substring(l.indexOf('/')))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    LIBRARY
                                                            + " is not loaded: start the engine"
                                                            + " first"));
            torch = NativeLibrary.getInstance(path);
        }
        return torch;
    }
}
