/**
 * The command line of {@code target/benchmarks.jar}: the quick run by default, JMH's own options
 * passed through, and small commands (info, models). Bad input ends in one line and a non-zero exit.
 */
package org.effbench.cli;
