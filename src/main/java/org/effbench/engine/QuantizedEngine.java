package org.effbench.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.effbench.base.JvmArgs;

/**
 * libtorch's quantized engine: the process-wide choice of int8 kernels (x86, fbgemm, onednn,
 * qnnpack). It decides how a quantized file's weights are packed when the file loads and which
 * kernels run it, so a file made and calibrated under one engine should run under that engine, as
 * Python's {@code torch.backends.quantized.engine} does. DJL's JNI cannot set it; this class calls
 * libtorch's own {@code at::Context} methods in the library DJL loaded, through JNA.
 *
 * <p>The engine must be chosen before a quantized file loads: a file loaded earlier keeps the
 * packing it got.
 */
public final class QuantizedEngine {

    /** The JVM property naming the engine for every file this JVM loads (a launch set sets it). */
    public static final String PROPERTY = "effbench.qengine";

    /** Names in the order of libtorch's {@code c10::QEngine} values, as Python spells them. */
    private static final List<String> NAMES = List.of("none", "fbgemm", "qnnpack", "onednn", "x86");

    private QuantizedEngine() {}

    /**
     * The engine a fork's JVM arguments name with {@code -D}{@link #PROPERTY}, or empty: a launch
     * set's choice, which the peer beside that fork follows too.
     */
    public static Optional<String> named(List<String> jvmArgs) {
        return JvmArgs.property(jvmArgs, PROPERTY);
    }

    /**
     * The engines this libtorch was built with, e.g. {@code [qnnpack, none, onednn, x86, fbgemm]}.
     */
    public static synchronized List<String> supported() {
        NativeLibrary lib = Libtorch.library();
        // const std::vector<QEngine>& Context::supportedQEngines(): a vector of one-byte enums
        Pointer vector =
                lib.getFunction("_ZN2at7Context17supportedQEnginesEv")
                        .invokePointer(new Object[] {context(lib)});
        Pointer begin = vector.getPointer(0);
        long size = Pointer.nativeValue(vector.getPointer(Long.BYTES)) - Pointer.nativeValue(begin);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            names.add(name(begin.getByte(i)));
        }
        return names;
    }

    /** The engine libtorch runs quantized operators on now. */
    public static synchronized String current() {
        NativeLibrary lib = Libtorch.library();
        Function get = lib.getFunction("_ZNK2at7Context7qEngineEv");
        return name((byte) get.invokeInt(new Object[] {context(lib)}));
    }

    /**
     * Makes {@code name} libtorch's quantized engine for everything loaded from now on.
     *
     * @throws IllegalArgumentException in one line naming the value and the engines this libtorch
     *     offers, when it offers no such engine (libtorch's own check would throw a C++ exception
     *     through the native call)
     */
    public static synchronized void use(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        List<String> offered = supported();
        if (!offered.contains(wanted) || wanted.equals("none")) {
            throw new IllegalArgumentException(
                    "quantized engine "
                            + name
                            + " is not one this libtorch offers: "
                            + String.join(
                                    ", ",
                                    offered.stream().filter(e -> !e.equals("none")).toList()));
        }
        NativeLibrary lib = Libtorch.library();
        lib.getFunction("_ZN2at7Context10setQEngineEN3c107QEngineE")
                .invokeVoid(new Object[] {context(lib), NAMES.indexOf(wanted)});
        if (!current().equals(wanted)) {
            throw new IllegalStateException(
                    "libtorch kept quantized engine " + current() + " when set to " + wanted);
        }
    }

    private static String name(byte value) {
        return value >= 0 && value < NAMES.size() ? NAMES.get(value) : "engine " + value;
    }

    private static Pointer context(NativeLibrary lib) {
        return lib.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
    }
}
