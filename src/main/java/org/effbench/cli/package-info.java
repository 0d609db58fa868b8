/**
 * The command line of {@code target/benchmarks.jar} (picocli): no arguments runs the quick sweep,
 * arguments that are not one of its commands go to JMH unchanged. Commands: {@code quick}, {@code
 * sweep} (a definition, resumable and shardable), {@code tune} (the best launch set for one model),
 * {@code jmh}, {@code analyze} (results.csv from a run folder), {@code compare} (two runs, exit 1
 * on a regression), {@code merge} (one results.csv from several runs), {@code profile} (per-layer
 * metrics and measured peak memory of a model or a TorchScript file), {@code ops} (time per
 * libtorch operator), {@code serve} (serving capacity in open loop), {@code serve-check} (the load
 * generator against queueing theory), {@code models} and {@code info}. {@code profile}, {@code ops}
 * and {@code serve} run again in a JVM started like a benchmark fork, since a malloc is chosen at
 * process start. Bad input ends in one line and exit code 2, a failed run in exit code 1.
 */
package org.effbench.cli;
