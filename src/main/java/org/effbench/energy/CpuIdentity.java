package org.effbench.energy;

/**
 * Which CPU a run ran on, as far as the energy estimate needs it: the model name Linux reports and
 * the CPUID vendor, family and model number, which name the CPU where the model name does not (a
 * cloud VM's "AMD EPYC").
 *
 * @param name {@code model name} of /proc/cpuinfo
 * @param vendor {@code vendor_id}; empty when unknown
 * @param family {@code cpu family}; 0 when unknown
 * @param model {@code model}, the CPUID model number; -1 when unknown
 */
public record CpuIdentity(String name, String vendor, int family, int model) {

    public CpuIdentity {
        name = name == null ? "" : name;
        vendor = vendor == null ? "" : vendor;
    }

    /** Whether vendor, family and model number are known. */
    public boolean identified() {
        return !vendor.isEmpty() && family > 0 && model >= 0;
    }

    /** {@code 'AMD EPYC' (AuthenticAMD family 25 model 17)}. */
    public String describe() {
        return "'"
                + name
                + "'"
                + (identified()
                        ? " (" + vendor + " family " + family + " model " + model + ")"
                        : " (CPU family and model not recorded)");
    }
}
