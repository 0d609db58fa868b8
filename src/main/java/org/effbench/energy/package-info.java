/**
 * Energy: measured from Linux powercap (RAPL) counters when the machine exposes them ({@link
 * org.effbench.energy.Powercap}); otherwise estimated from a package power per busy core that says
 * where it comes from ({@link org.effbench.energy.PowerEstimate}: given by the user, the CPU
 * model's TDP over its cores, or its CPUID family's median, from {@link
 * org.effbench.energy.CpuTdpTable}), or no figure with the reason; the CO2 of it at a grid
 * intensity ({@link org.effbench.energy.GridIntensity}); what a run used, recorded ({@link
 * org.effbench.energy.EnergySettings}); and an op-level lower bound from a per-operation energy
 * table ({@link org.effbench.energy.EnergyTable}: memory references cost far more than arithmetic).
 */
package org.effbench.energy;
