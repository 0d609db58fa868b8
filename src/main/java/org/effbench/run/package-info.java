/**
 * Running JMH for effbench: a new run folder per run, the exact settings recorded beside the raw
 * JMH JSON, parameters validated before anything is measured, files written atomically.
 */
package org.effbench.run;
