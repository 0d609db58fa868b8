/**
 * Sweep definitions: the files in {@code benchmarks/} that say what a run measures, JMH
 * configurations or serving capacity ({@link org.effbench.sweep.SweepKind}, {@link
 * org.effbench.sweep.SweepDefinition}, a bad one refused by a {@link
 * org.effbench.sweep.DefinitionException} that names file and line), parsed and validated; the
 * named ways to start forks they declare ({@link org.effbench.sweep.LaunchSet}); and the plan that
 * turns a definition into jobs in a fixed order ({@link org.effbench.sweep.SweepPlan}, {@link
 * org.effbench.sweep.Job}), of which a {@link org.effbench.sweep.Shard} runs its part.
 */
package org.effbench.sweep;
