package org.effbench.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What Linux says about the CPU: model name, nominal clock, the vector extensions that decide which
 * kernels libtorch can use, and its CPUID identity (vendor, family, model number) and SMT, which
 * name the CPU where the model name does not (a cloud VM's "AMD EPYC").
 *
 * @param vendor {@code vendor_id} ({@code AuthenticAMD}, {@code GenuineIntel}); empty when unknown
 *     (and null in a machine.json written before it was recorded)
 * @param family {@code cpu family}, 0 when unknown
 * @param modelNumber {@code model}, the CPUID model number, -1 when unknown (0 in an older
 *     machine.json: read it with {@link #identified()})
 * @param threadsPerCore {@code siblings / cpu cores}: 2 with SMT; 0 when unknown
 */
public record CpuInfo(
        String model,
        double nominalMhz,
        List<String> vectorExtensions,
        String vendor,
        int family,
        int modelNumber,
        int threadsPerCore) {

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
        vendor = vendor == null ? "" : vendor;
    }

    /** A CPU known by its model name and clock only. */
    public CpuInfo(String model, double nominalMhz, List<String> vectorExtensions) {
        this(model, nominalMhz, vectorExtensions, "", 0, -1, 0);
    }

    /** Whether vendor, family and model number are known (machine.json from before: not). */
    public boolean identified() {
        return !vendor.isEmpty() && family > 0 && modelNumber >= 0;
    }

    public static CpuInfo read() {
        return parse(read(Path.of("/proc/cpuinfo")));
    }

    static CpuInfo parse(String cpuinfo) {
        String model = System.getProperty("os.arch");
        double mhz = Double.NaN;
        List<String> vector = new ArrayList<>();
        String vendor = "";
        int family = 0;
        int modelNumber = -1;
        int siblings = 0;
        int cores = 0;
        for (String line : cpuinfo.split("\n")) {
            String value = line.contains(":") ? line.substring(line.indexOf(':') + 1).strip() : "";
            String key = line.contains(":") ? line.substring(0, line.indexOf(':')).strip() : "";
            if (line.startsWith("model name") && model.equals(System.getProperty("os.arch"))) {
                model = value;
            } else if (key.equals("vendor_id") && vendor.isEmpty()) {
                vendor = value;
            } else if (key.equals("cpu family") && family == 0) {
                family = number(value, 0);
            } else if (key.equals("model") && modelNumber < 0) {
                modelNumber = number(value, -1);
            } else if (key.equals("siblings") && siblings == 0) {
                siblings = number(value, 0);
            } else if (key.equals("cpu cores") && cores == 0) {
                cores = number(value, 0);
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
        int threadsPerCore = siblings > 0 && cores > 0 ? Math.max(1, siblings / cores) : 0;
        return new CpuInfo(model, mhz, vector, vendor, family, modelNumber, threadsPerCore);
    }

    private static int number(String text, int otherwise) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /**
     * {@code vendor_id} of /proc/cpuinfo ({@code AuthenticAMD}, {@code GenuineIntel}), empty if
     * unknown.
     */
    public static String vendorId() {
        return read().vendor();
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
