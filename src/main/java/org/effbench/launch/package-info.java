/**
 * How each benchmark fork is started: which JDK, which malloc ({@link
 * org.effbench.launch.Allocator}: glibc, tuned glibc, glibc returning freed memory at once,
 * tcmalloc or jemalloc preloaded from Debian's packages, or the jemalloc carried in the jar with
 * its forwarding shim; what the fallbacks measured against tcmalloc, {@link
 * org.effbench.launch.MeasuredCost}), whether MKL may take its AVX-512 kernels on AMD ({@link
 * org.effbench.launch.MklDispatch}), and any extra environment. A fork gets these through a small
 * launcher script JMH runs instead of {@code java} ({@link org.effbench.launch.ForkLauncher}); the
 * script's settings are recorded in the run's metadata and checked inside the fork ({@code
 * engine.ForkCheck}).
 */
package org.effbench.launch;
