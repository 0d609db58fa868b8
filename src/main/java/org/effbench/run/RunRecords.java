package org.effbench.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.effbench.bench.Ceilings;
import org.effbench.jmh.BenchmarkResult;
import org.effbench.jmh.JmhJson;
import org.effbench.machine.EngineVersions;
import org.effbench.machine.Environment;
import org.effbench.machine.Host;
import org.effbench.machine.Jvm;
import org.effbench.machine.MachineProfile;
import org.effbench.machine.MachineProfiler;

/** The records every run leaves beside its raw JSON: {@code run.json} and {@code machine.json}. */
final class RunRecords {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunRecords() {}

    static void writeManifest(
            RunFolder folder,
            String kind,
            List<String> arguments,
            Object request,
            Map<String, Map<String, String>> forkSettings,
            Instant start,
            Instant end,
            List<String> results) {
        RunManifest manifest =
                new RunManifest(
                        folder.id(),
                        kind,
                        List.copyOf(arguments),
                        request,
                        forkSettings,
                        start.toString(),
                        end.toString(),
                        List.copyOf(results),
                        Host.describe(),
                        Jvm.describe(),
                        EngineVersions.describe(),
                        Environment.relevant());
        try {
            folder.write("run.json", JSON.writeValueAsString(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write run.json: " + e.getMessage(), e);
        }
    }

    /** machine.json from this machine and whatever ceilings the run's JSON files hold. */
    static void writeMachine(RunFolder folder, Instant now) {
        List<BenchmarkResult> results = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder.path())) {
            for (Path json :
                    files.filter(p -> p.getFileName().toString().matches("jmh-.*\\.json"))
                            .sorted()
                            .toList()) {
                results.addAll(JmhJson.read(json).results());
            }
            MachineProfile machine =
                    MachineProfiler.describe(
                            Ceilings.of(results), Path.of("").toAbsolutePath(), now);
            folder.write(MachineProfile.FILE, machine.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write " + MachineProfile.FILE + ": " + e.getMessage(), e);
        }
    }
}
