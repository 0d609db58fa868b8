package org.effbench.engine;

import com.sun.jna.NativeLibrary;

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
            String path =
                    ProcessMaps.read("find libtorch")
                            .lines()
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
