/** Sweep definitions: the files in {@code benchmarks/} that say what a run measures, parsed and validated. */
package org.effbench.sweep;
