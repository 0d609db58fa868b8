/**
 * Charts of a run's derived rows, drawn with JFreeChart: latency and throughput against batch size,
 * the latency-throughput trade-off, the roofline and per-layer MACs. One small method per chart;
 * a chart with nothing to draw is refused by name, never drawn empty.
 */
package org.effbench.report.plot;
