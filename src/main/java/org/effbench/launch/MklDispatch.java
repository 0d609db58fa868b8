package org.effbench.launch;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.effbench.base.Fingerprints;
import org.effbench.machine.CpuInfo;

/**
 * Whether oneMKL inside libtorch may use its AVX-512 kernels on an AMD CPU. MKL picks kernels by
 * vendor first: on AMD it takes the AVX2 path (measured here: sgemm 2048 at 85 GFLOP/s on one core,
 * 192 with this shim). The shim is a two-function C library compiled on first use with the
 * machine's C compiler and cached; it is preloaded into the fork.
 */
public enum MklDispatch {
    /**
     * On when the CPU is AMD and a C compiler is found; otherwise off, with the reason recorded.
     */
    AUTO("auto"),
    /** Always preload the shim; an error if it cannot be built. */
    ON("on"),
    /** MKL's own dispatch. */
    OFF("off");

    private static final String SOURCE = "native/mkl-intel-cpu.c";

    private final String id;

    MklDispatch(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static MklDispatch parse(String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        for (MklDispatch d : values()) {
            if (d.id.equals(wanted)) {
                return d;
            }
        }
        throw new IllegalArgumentException(
                "mklOnAmd '" + text + "' is not accepted; accepted: auto, on, off");
    }

    /** What was decided, and why: the shim to preload, if any. */
    public record Decision(Optional<Path> shim, String reason) {}

    /**
     * Decides for this machine, building the shim into {@code cacheDir} when needed.
     *
     * @throws IllegalArgumentException when {@link #ON} and the shim cannot be built
     */
    public Decision decide(Path cacheDir) {
        if (this == OFF) {
            return new Decision(Optional.empty(), "off as asked");
        }
        String vendor = CpuInfo.vendorId();
        if (this == AUTO && !vendor.equals("AuthenticAMD")) {
            return new Decision(
                    Optional.empty(), "off: CPU vendor '" + vendor + "' is not AuthenticAMD");
        }
        try {
            return new Decision(
                    Optional.of(build(cacheDir)),
                    "on: MKL dispatches on instruction sets, not vendor");
        } catch (IllegalStateException e) {
            if (this == ON) {
                throw new IllegalArgumentException("mklOnAmd on: " + e.getMessage(), e);
            }
            return new Decision(Optional.empty(), "off: " + e.getMessage());
        }
    }

    /** Compiles the shim unless a copy of this exact source is already cached. */
    static Path build(Path cacheDir) {
        byte[] source = NativeCache.resource(SOURCE);
        return NativeCache.compile(
                source,
                cacheDir.resolve("libmkl-intel-cpu-" + Fingerprints.sha256Hex(source, 6) + ".so"),
                List.of(),
                "the MKL dispatch shim");
    }
}
