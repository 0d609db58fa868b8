package org.effbench.run;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The console's view of JMH's progress (jmh.log keeps it whole). Always: JMH's closing paragraphs
 * (REMEMBER, the Blackhole NOTE) once per run, not once per configuration; the energy counters left
 * out while nothing has been measured (no readable powercap: every reading is 0); no "saved to"
 * line naming a partial file that is renamed or deleted once written. Quiet (a sweep, which prints
 * one line per configuration as it finishes): JMH's headers, per-fork ETA, iterations, results and
 * summary tables are left out too, so what passes is failures (one line each, see {@link
 * FailureDetailFilter}), the paragraphs once, and any line of a fork's own that JMH does not print
 * itself.
 */
final class JmhProgressFilter extends LineFilter {

    /** What a run's console has shown already, shared by the JMH runs of its configurations. */
    static final class Shown {
        private final Set<String> paragraphs = new HashSet<>();
        private boolean energyMeasured;

        /**
         * Whether {@code text} is shown for the first time in the run (and now counts as shown).
         */
        synchronized boolean firstTime(String text) {
            return paragraphs.add(text);
        }
    }

    /** An energy counter in an iteration, a secondary result or the summary table. */
    private static final Pattern ENERGY = Pattern.compile("(^\\s+|:)(energy\\w+)[\":\\s]");

    private static final Pattern PARAGRAPH = Pattern.compile("^(REMEMBER|NOTE): .*");

    /** What the JVM of a fork using the Vector API (the FMA peak) prints on start. */
    static final String INCUBATOR = "WARNING: Using incubator modules";

    private enum State {
        PASSING,
        /** in a closing paragraph, up to the blank line after it */
        PARAGRAPH,
        /** in an energy secondary result, up to the blank line after it */
        ENERGY_BLOCK,
        /** in a result block (quiet), up to the next line JMH starts unindented */
        RESULT,
        /** in the summary table (quiet), up to the next configuration's output */
        TABLE
    }

    private final Shown shown;
    private final boolean quiet;
    private State state = State.PASSING;
    private final StringBuilder paragraph = new StringBuilder();

    /**
     * @param quiet leave out JMH's progress too (headers, iterations, results, summary)
     */
    JmhProgressFilter(OutputStream out, Shown shown, boolean quiet) {
        super(out);
        this.shown = shown;
        this.quiet = quiet;
    }

    @Override
    void line(String text) throws IOException {
        String content = text.strip();
        switch (state) {
            case PARAGRAPH -> {
                paragraph.append(text);
                if (content.isEmpty()) {
                    endParagraph();
                }
                return;
            }
            case ENERGY_BLOCK -> {
                if (content.isEmpty()) {
                    state = State.PASSING;
                }
                return;
            }
            case RESULT -> {
                if (content.isEmpty() || Character.isWhitespace(text.charAt(0))) {
                    return;
                }
                state = State.PASSING;
            }
            case TABLE -> {
                if (!content.startsWith("#") && !content.startsWith("<") && !content.isEmpty()) {
                    return;
                }
                state = State.PASSING;
            }
            case PASSING -> {
                // below
            }
        }
        if (PARAGRAPH.matcher(content).matches() && !Character.isWhitespace(text.charAt(0))) {
            paragraph.setLength(0);
            paragraph.append(text);
            state = State.PARAGRAPH;
            return;
        }
        if (content.startsWith("Benchmark result is saved to") && content.contains(".partial")) {
            return;
        }
        if (content.contains(LibtorchNoiseFilter.NNPACK)
                && !shown.paragraphs.add(LibtorchNoiseFilter.NNPACK)) {
            return; // shown for an earlier configuration of the run
        }
        if (content.startsWith(INCUBATOR) && !shown.paragraphs.add(INCUBATOR)) {
            return; // each FMA peak fork says it; once per run is enough
        }
        var energy = ENERGY.matcher(text);
        if (energy.find()) {
            boolean reading =
                    !energy.group(2).equals("energySamples")
                            && !content.contains("≈ 0")
                            && !content.startsWith("Secondary result");
            shown.energyMeasured |= reading;
            if (content.startsWith("Secondary result")) {
                if (quiet || !shown.energyMeasured) {
                    state = State.ENERGY_BLOCK;
                    return;
                }
            } else if (quiet || !shown.energyMeasured) {
                return;
            }
        }
        if (quiet && progress(text, content)) {
            return;
        }
        emit(text);
    }

    /** A line of JMH's own progress; starts a result block or the summary table where it does. */
    private boolean progress(String text, String content) {
        if (content.contains(FailureDetailFilter.FAILURE)
                || content.contains(FailureDetailFilter.FORK_FAILED)) {
            return false;
        }
        if (content.isEmpty()
                || content.startsWith("# ")
                || content.startsWith("Iteration ")
                || Character.isWhitespace(text.charAt(0))) {
            return true;
        }
        if (content.startsWith("Result \"") || content.startsWith("Secondary result \"")) {
            state = State.RESULT;
            return true;
        }
        if (content.startsWith("Benchmark ") && content.contains(" Mode ")) {
            state = State.TABLE;
            return true;
        }
        return false;
    }

    private void endParagraph() throws IOException {
        state = State.PASSING;
        String text = paragraph.toString();
        paragraph.setLength(0);
        if (shown.paragraphs.add(text.strip())) {
            emit(text);
        }
    }

    /** What is held when the output ends inside a paragraph: shown as it is, if new. */
    @Override
    void end() throws IOException {
        if (state == State.PARAGRAPH && paragraph.length() > 0) {
            endParagraph();
        }
    }
}
