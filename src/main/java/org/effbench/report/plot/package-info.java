/**
 * Charts of a run's derived rows, drawn with JFreeChart ({@link org.effbench.report.plot.Charts}):
 * latency and throughput against batch size, the latency-throughput trade-off, the roofline and
 * per-layer MACs. One small method per chart; a chart with nothing to draw is refused by name,
 * never drawn empty. A series is one configuration identity (launch set included), styled by {@link
 * org.effbench.report.plot.SeriesStyle} so no two share colour and shape; log axes are {@link
 * org.effbench.report.plot.RoundLogAxis}, ticked at round values. {@link
 * org.effbench.report.plot.ChartFiles} writes them as PNG, atomically.
 */
package org.effbench.report.plot;
