package org.effbench.launch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
        byte[] source = source();
        String hash = Fingerprints.sha256Hex(source, 6);
        Path library = cacheDir.resolve("libmkl-intel-cpu-" + hash + ".so");
        if (Files.isReadable(library)) {
            return library;
        }
        try {
            Files.createDirectories(cacheDir);
            Path c = Files.createTempFile(cacheDir, "mkl-intel-cpu", ".c");
            Path tmp = Files.createTempFile(cacheDir, "mkl-intel-cpu", ".so");
            try {
                Files.write(c, source);
                Process cc =
                        new ProcessBuilder(
                                        List.of(
                                                "cc",
                                                "-O2",
                                                "-shared",
                                                "-fPIC",
                                                "-o",
                                                tmp.toString(),
                                                c.toString()))
                                .redirectErrorStream(true)
                                .start();
                String output =
                        new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                                .strip();
                if (!cc.waitFor(60, TimeUnit.SECONDS) || cc.exitValue() != 0) {
                    throw new IllegalStateException(
                            "cc could not build the MKL dispatch shim: "
                                    + output.lines().findFirst().orElse(""));
                }
                Files.move(
                        tmp,
                        library,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                return library;
            } finally {
                Files.deleteIfExists(c);
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "no C compiler (cc) to build the MKL dispatch shim: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the MKL dispatch shim", e);
        }
    }

    private static byte[] source() {
        try (InputStream in = MklDispatch.class.getClassLoader().getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        SOURCE + " is missing from the classpath: rebuild with mvn package");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SOURCE + ": " + e.getMessage(), e);
        }
    }
}
