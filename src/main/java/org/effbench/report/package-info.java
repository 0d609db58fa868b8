/**
 * The post-processor: derives everything from the run folder's files. It reads the raw JMH JSON
 * (any mode, complete or cut short), any peer framework's CSV and any serve run's files with their
 * exact histograms ({@link org.effbench.report.ServeFile}, rows by {@link
 * org.effbench.report.ServeRows}, judged by {@link org.effbench.report.ServeVerdict}), joins them
 * with the models'' static metrics stored in the folder ({@code model-metrics.json}) and the run's
 * {@code machine.json}, and derives one tidy row per configuration (latency, throughput, achieved
 * FLOPS, roofline prediction, energy) written as {@code results.csv} in the fixed order of {@link
 * org.effbench.report.Column}, with its charts and {@code report.html} ({@link
 * org.effbench.report.RunAnalyzer}). From results files it also compares two runs ({@link
 * org.effbench.report.Comparison}), merges several ({@link org.effbench.report.ResultsMerge}),
 * names the best configurations and compares launch sets ({@link org.effbench.report.Verdict}) and
 * sets effbench beside a peer framework ({@link org.effbench.report.PeerComparison}). It never
 * measures and never starts the engine.
 */
package org.effbench.report;
