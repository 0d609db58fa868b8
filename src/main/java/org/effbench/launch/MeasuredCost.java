package org.effbench.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * What running on an allocator instead of tcmalloc cost when it was measured, read from the one
 * place the figures live: {@code launch/allocators-measured.properties}, copied from a published
 * interleaved measurement (the file names it; a test recomputes the figures from its results.csv).
 *
 * @param ratio geometric mean over the rounds of the allocator's mean time per batch over
 *     tcmalloc's in the same round (above 1: slower)
 * @param lowest the round with the smallest ratio
 * @param highest the round with the largest ratio
 * @param rounds interleaved rounds measured
 * @param configuration what was measured
 * @param source the published results folder
 */
public record MeasuredCost(
        double ratio,
        double lowest,
        double highest,
        int rounds,
        String configuration,
        String source) {

    static final String RESOURCE = "launch/allocators-measured.properties";

    /** The figures for {@code allocator}; empty if it was not measured against tcmalloc. */
    public static Optional<MeasuredCost> of(Allocator allocator) {
        Properties p = load();
        String figures = p.getProperty(allocator.id());
        if (figures == null) {
            return Optional.empty();
        }
        String[] f = figures.strip().split("\\s+");
        return Optional.of(
                new MeasuredCost(
                        Double.parseDouble(f[0]),
                        Double.parseDouble(f[1]),
                        Double.parseDouble(f[2]),
                        Integer.parseInt(p.getProperty("rounds")),
                        p.getProperty("configuration"),
                        p.getProperty("source")));
    }

    /** For example "1.02x tcmalloc's time per batch (rounds 0.97-1.06x) at ...". */
    public String text() {
        return String.format(
                Locale.ROOT,
                "%.2fx tcmalloc's time per batch (rounds %.2f-%.2fx) at %s over %d interleaved"
                        + " rounds (%s)",
                ratio,
                lowest,
                highest,
                configuration,
                rounds,
                source);
    }

    static Properties load() {
        Properties p = new Properties();
        try (InputStream in = MeasuredCost.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        RESOURCE + " is missing from the classpath: rebuild with mvn package");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
        return p;
    }
}
