/**
 * Running JMH for effbench: a new run folder per run ({@link org.effbench.run.RunFolder}), the raw
 * JMH JSON and console log kept there, the exact settings recorded beside them ({@code run.json},
 * {@code machine.json}), parameters validated before anything is measured, files written atomically
 * (JMH's JSON read back whole before it is kept: {@link org.effbench.run.JmhResultFile}). One
 * runner at a time holds a folder ({@link org.effbench.run.RunLock}); stopped from outside, it says
 * what it kept ({@link org.effbench.run.RunGuard}). A failure is one line with its real cause
 * ({@link org.effbench.run.ForkFailure}); the stack trace stays in {@code jmh.log}. {@link
 * org.effbench.run.JmhRunner} runs JMH with its own options; {@link org.effbench.run.SweepRunner}
 * runs a sweep job by job in fresh forks (a serve job: the serve command in a JVM of its own,
 * writing its JSON and histogram log into the folder), each job's JSON kept as it completes, a
 * failed job recorded and skipped, and an interrupted sweep resumed from {@code sweep.json} ({@link
 * org.effbench.run.SweepState}). Before a run's results are derived, {@link
 * org.effbench.run.ModelMetrics} loads each model it measured once and stores the static metrics
 * its rows need in the folder ({@code model-metrics.json}), so the post-processor needs no engine.
 */
package org.effbench.run;
