/**
 * Energy: measured from Linux powercap (RAPL) counters when the machine exposes them, otherwise
 * estimated from a stated package power; and an op-level estimate from a per-operation energy table
 * (memory references cost far more than arithmetic). Every figure says which it is.
 */
package org.effbench.energy;
