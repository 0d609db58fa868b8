/**
 * Starting libtorch through DJL offline with a chosen intra-op thread count, and the
 * per-invocation scope that keeps native memory from piling up.
 */
package org.effbench.engine;
