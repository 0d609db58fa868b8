package org.effbench.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * "Did you mean": the names within a small edit distance of what was typed (a swapped pair of
 * letters counts as one edit), closest first.
 */
final class Suggestions {

    private static final int MAX = 3;

    private Suggestions() {}

    /** The candidates close to {@code typed}: one edit for up to 3 letters, two beyond. */
    static List<String> closest(String typed, Collection<String> candidates) {
        String word = typed.toLowerCase(Locale.ROOT);
        int allowed = word.replaceFirst("^-+", "").length() <= 3 ? 1 : 2;
        return candidates.stream()
                .distinct()
                .filter(c -> !c.equals(typed))
                .filter(c -> distance(word, c.toLowerCase(Locale.ROOT)) <= allowed)
                .sorted(
                        Comparator.comparingInt(
                                        (String c) -> distance(word, c.toLowerCase(Locale.ROOT)))
                                .thenComparing(Comparator.naturalOrder()))
                .limit(MAX)
                .toList();
    }

    /** {@code "; did you mean a or b?"}, or nothing when no candidate is close. */
    static String didYouMean(String typed, Collection<String> candidates) {
        List<String> close = closest(typed, candidates);
        return close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?";
    }

    /** Edits (insert, delete, replace, swap two neighbours) from {@code a} to {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] =
                        Math.min(
                                Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1
                        && j > 1
                        && a.charAt(i - 1) == b.charAt(j - 2)
                        && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
