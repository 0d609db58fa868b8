package org.effbench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** One row of {@code results.csv}: a value per column (absent = empty cell) and its warnings. */
public final class DerivedRow {

    private final Map<Column, Object> values = new EnumMap<>(Column.class);
    private final List<String> warnings = new ArrayList<>();

    /** The row of each round pooled into this one, by round; empty for a row measured once. */
    private SortedMap<Integer, DerivedRow> rounds = Collections.emptySortedMap();

    /** Each round's own row, by round number, for figures judged round by round. */
    DerivedRow rounds(SortedMap<Integer, DerivedRow> byRound) {
        rounds = Collections.unmodifiableSortedMap(new TreeMap<>(byRound));
        return this;
    }

    /** The rows of the rounds pooled into this one, by round; empty for a row measured once. */
    public SortedMap<Integer, DerivedRow> rounds() {
        return rounds;
    }

    DerivedRow put(Column column, Object value) {
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return this;
        }
        if (value != null) {
            values.put(column, value);
        }
        return this;
    }

    DerivedRow warn(String warning) {
        warnings.add(warning);
        return this;
    }

    public Optional<Object> get(Column column) {
        if (column == Column.WARNINGS) {
            return warnings.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", warnings));
        }
        return Optional.ofNullable(values.get(column));
    }

    public double number(Column column) {
        Object v = values.get(column);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    public String text(Column column) {
        return get(column).map(Object::toString).orElse("");
    }

    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }
}
