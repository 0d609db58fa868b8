package org.effbench.sweep;

import java.util.Locale;

/**
 * What a sweep measures, the value of its {@code kind} key: each key of a definition applies to one
 * kind or to both ({@link SweepKey}).
 */
public enum SweepKind {
    /** The JMH benchmark per configuration (closed loop): latency distribution and throughput. */
    JMH,
    /** Serving capacity per layout (open loop), each job a run of the serve command. */
    SERVE;

    /** The value as written: {@code jmh}, {@code serve}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
