package org.effbench.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sweep.json}: what a sweep is (its definition and shard) and how far it got, rewritten
 * atomically after every job, so a killed sweep can be resumed exactly where it stopped.
 *
 * @param definitionHash SHA-256 of the definition as described: a resumed sweep must be the same
 *     one
 * @param jobs per job id, in run order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SweepState(
        String definition,
        String definitionHash,
        String shard,
        Map<String, JobState> jobs,
        boolean complete) {

    public static final String FILE = "sweep.json";

    public SweepState {
        jobs = new LinkedHashMap<>(jobs);
    }

    /** One job's outcome: pending, done (its JSON is in the folder) or failed (with the reason). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record JobState(String status, double seconds, String error) {
        public static final String PENDING = "pending";
        public static final String DONE = "done";
        public static final String FAILED = "failed";

        static JobState pending() {
            return new JobState(PENDING, 0, null);
        }
    }

    /** The sweep.json of run folder {@code dir}. */
    public static SweepState read(Path dir) {
        try {
            return RunRecords.JSON.readValue(dir.resolve(FILE).toFile(), SweepState.class);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    public SweepState with(String id, JobState state) {
        Map<String, JobState> copy = new LinkedHashMap<>(jobs);
        copy.put(id, state);
        return new SweepState(definition, definitionHash, shard, copy, complete);
    }

    /** The state of a sweep going on again: not complete until it has run what it runs. */
    public SweepState resumed() {
        return new SweepState(definition, definitionHash, shard, jobs, false);
    }

    public SweepState completed() {
        return new SweepState(definition, definitionHash, shard, jobs, true);
    }

    public long count(String status) {
        return jobs.values().stream().filter(j -> j.status().equals(status)).count();
    }

    public List<String> failed() {
        return jobs.entrySet().stream()
                .filter(e -> e.getValue().status().equals(JobState.FAILED))
                .map(Map.Entry::getKey)
                .toList();
    }
}
