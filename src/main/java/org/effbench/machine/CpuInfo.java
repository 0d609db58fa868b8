package org.effbench.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What Linux says about the CPU: model name, nominal clock and the vector extensions that decide
 * which kernels libtorch can use.
 */
public record CpuInfo(String model, double nominalMhz, List<String> vectorExtensions) {

    private static final Set<String> VECTOR =
            Set.of(
                    "sse4_2",
                    "avx",
                    "avx2",
                    "fma",
                    "avx512f",
                    "avx512bw",
                    "avx512vl",
                    "avx512_vnni",
                    "avx512_bf16",
                    "avx512_fp16",
                    "avx_vnni",
                    "amx_tile",
                    "amx_bf16",
                    "amx_int8");

    public CpuInfo {
        vectorExtensions = List.copyOf(vectorExtensions);
    }

    public static CpuInfo read() {
        return parse(read(Path.of("/proc/cpuinfo")));
    }

    static CpuInfo parse(String cpuinfo) {
        String model = System.getProperty("os.arch");
        double mhz = Double.NaN;
        List<String> vector = new ArrayList<>();
        for (String line : cpuinfo.split("\n")) {
            String value = line.contains(":") ? line.substring(line.indexOf(':') + 1).strip() : "";
            if (line.startsWith("model name") && model.equals(System.getProperty("os.arch"))) {
                model = value;
            } else if (line.startsWith("cpu MHz") && Double.isNaN(mhz)) {
                mhz = Double.parseDouble(value);
            } else if (line.startsWith("flags") && vector.isEmpty()) {
                for (String flag : value.split("\\s+")) {
                    if (VECTOR.contains(flag)) {
                        vector.add(flag);
                    }
                }
            }
        }
        return new CpuInfo(model, mhz, vector);
    }

    /**
     * {@code vendor_id} of /proc/cpuinfo ({@code AuthenticAMD}, {@code GenuineIntel}), empty if
     * unknown.
     */
    public static String vendorId() {
        return read(Path.of("/proc/cpuinfo"))
                .lines()
                .filter(l -> l.startsWith("vendor_id") && l.contains(":"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip())
                .findFirst()
                .orElse("");
    }

    public boolean has(String extension) {
        return vectorExtensions.contains(extension);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
