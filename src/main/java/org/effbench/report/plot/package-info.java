/**
 * Charts of a run's derived rows, drawn with JFreeChart ({@link org.effbench.report.plot.Charts}):
 * latency and throughput against batch size, the latency-throughput trade-off, the roofline and
 * per-layer MACs. One small method per chart; a chart with nothing to draw is refused by name,
 * never drawn empty. {@link org.effbench.report.plot.ChartFiles} writes them as PNG, atomically.
 */
package org.effbench.report.plot;
