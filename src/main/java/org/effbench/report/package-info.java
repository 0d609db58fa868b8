/**
 * The post-processor: reads raw JMH JSON (any mode, complete or cut short), joins it with the
 * model metrics and the machine profile, and derives one tidy row per configuration (latency,
 * throughput, achieved FLOPS, roofline prediction, energy) written as CSV. It never measures.
 */
package org.effbench.report;
