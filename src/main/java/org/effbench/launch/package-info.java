/**
 * How each benchmark fork is started: which JDK, which malloc (glibc, tuned glibc, tcmalloc,
 * jemalloc preloaded from Debian's packages), whether MKL may take its AVX-512 kernels on AMD, and
 * any extra environment. A fork gets these through a small launcher script JMH runs instead of
 * {@code java}; the script's settings are recorded in the run's metadata and checked inside the
 * fork.
 */
package org.effbench.launch;
