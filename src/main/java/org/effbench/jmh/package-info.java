/**
 * JMH's JSON results as values: read tolerantly (a cut-short file keeps its complete entries),
 * units converted.
 */
package org.effbench.jmh;
