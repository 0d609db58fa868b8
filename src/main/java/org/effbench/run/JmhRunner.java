package org.effbench.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.effbench.bench.InferenceBenchmark;
import org.effbench.bench.MatmulPeakBenchmark;
import org.effbench.bench.MemoryBandwidthBenchmark;
import org.effbench.jmh.BenchmarkResult;
import org.effbench.jmh.JmhJson;
import org.effbench.launch.ForkLauncher;
import org.effbench.machine.MachineProfile;
import org.effbench.machine.EngineVersions;
import org.effbench.machine.Environment;
import org.effbench.machine.Host;
import org.effbench.machine.Jvm;
import org.effbench.machine.MachineProfiler;
import org.effbench.model.ModelSpec;
import org.effbench.sweep.SweepDefinition;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs JMH into a new run folder: the raw JSON of each JMH run, the console log and
 * {@code run.json} with the exact settings. Parameters are checked before the first fork starts,
 * so a typo costs nothing.
 */
public final class JmhRunner {

    /** The JSON of the model benchmark for N concurrent callers is {@code jmh-callers-N.json}. */
    public static final String CEILING_JSON = "jmh-ceiling.json";

    private final Path resultsDir;
    private final PrintStream console;
    private final Clock clock;

    public JmhRunner(Path resultsDir, PrintStream console, Clock clock) {
        this.resultsDir = resultsDir;
        this.console = console;
        this.clock = clock;
    }

    public static String callersJson(int callers) {
        return "jmh-callers-" + callers + ".json";
    }

    /** Runs every configuration of {@code sweep}, then the GEMM ceiling; returns the run folder. */
    public RunFolder runSweep(SweepDefinition sweep, List<String> arguments) throws RunnerException {
        Instant start = clock.instant();
        RunFolder folder = RunFolder.create(resultsDir, sweep.name(), start);
        console.printf("effbench %s: %d model configurations, each in its own fork%s; results in %s%n",
                sweep.name(), sweep.configurations(),
                sweep.ceilingMatrixSize() > 0 ? ", then the GEMM ceiling" : "", folder.path());
        ForkLauncher.Prepared launcher = sweep.launcher().prepare(folder.path(), ForkLauncher.cacheDir());
        console.println("Forks start with " + launcher.settings());
        List<String> results = new ArrayList<>();
        try (PrintStream log = jmhOutput(folder)) {
            for (int callers : sweep.callers()) {
                ChainedOptionsBuilder options = settings(sweep, launcher)
                        .include(InferenceBenchmark.class.getName() + ".infer")
                        .threads(callers)
                        .param("model", strings(sweep.models()))
                        .param("batchSize", strings(sweep.batchSizes()))
                        .param("intraOpThreads", strings(sweep.intraOpThreads()));
                sweep.modes().forEach(options::mode);
                results.add(run(options, folder, callersJson(callers), log));
            }
            if (sweep.ceilingMatrixSize() > 0 || sweep.ceilingArrayMiB() > 0) {
                ChainedOptionsBuilder options = settings(sweep, launcher)
                        .mode(org.openjdk.jmh.annotations.Mode.Throughput)
                        .param("matrixSize", Integer.toString(sweep.ceilingMatrixSize()))
                        .param("arrayMiB", Integer.toString(sweep.ceilingArrayMiB()))
                        .param("intraOpThreads", strings(sweep.intraOpThreads()));
                if (sweep.ceilingMatrixSize() > 0) {
                    options.include(MatmulPeakBenchmark.class.getName() + ".matmul");
                }
                if (sweep.ceilingArrayMiB() > 0) {
                    options.include(MemoryBandwidthBenchmark.class.getName() + ".addInPlace");
                }
                results.add(run(options, folder, CEILING_JSON, log));
            }
        } finally {
            writeManifest(folder, sweep.name(), arguments, sweep.describe(), launcher.settings(), start, results);
        }
        writeMachine(folder);
        return folder;
    }

    /** machine.json from this machine and whatever ceilings the run measured. */
    private void writeMachine(RunFolder folder) {
        List<BenchmarkResult> ceilings = new ArrayList<>();
        try {
            for (String name : List.of(CEILING_JSON, callersJson(1))) {
                if (Files.exists(folder.file(name))) {
                    ceilings.addAll(JmhJson.read(folder.file(name)).results());
                }
            }
            MachineProfile machine = MachineProfiler.describe(ceilings, Path.of("").toAbsolutePath(), clock.instant());
            folder.write(MachineProfile.FILE, machine.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + MachineProfile.FILE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs JMH with its own command-line options. Without a benchmark pattern it runs the model
     * benchmark; without {@code -rf/-rff} it writes JSON into the run folder.
     *
     * @return the run folder, or empty when the options only asked for help or a listing
     */
    public Optional<RunFolder> runJmh(List<String> jmhArguments) throws RunnerException {
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(jmhArguments.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            throw new IllegalArgumentException("bad JMH option: " + e.getMessage(), e);
        }
        if (answeredWithoutRunning(cmd)) {
            return Optional.empty();
        }
        validateParameters(cmd);
        Instant start = clock.instant();
        RunFolder folder = RunFolder.create(resultsDir, "jmh", start);
        console.println("effbench jmh: results in " + folder.path());
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cmd);
        // A -jvm of the user's own wins; otherwise forks start as every effbench run's do.
        Map<String, String> forkSettings = Map.of("java", cmd.getJvm().orElse("(as given by -jvm)"));
        if (!cmd.getJvm().hasValue()) {
            ForkLauncher.Prepared launcher = ForkLauncher.defaults().prepare(folder.path(), ForkLauncher.cacheDir());
            console.println("Forks start with " + launcher.settings());
            options.jvm(launcher.script().toString());
            forkSettings = launcher.settings();
        }
        if (cmd.getIncludes().isEmpty()) {
            options.include(InferenceBenchmark.class.getName() + ".infer");
        }
        if (!cmd.shouldFailOnError().hasValue()) {
            options.shouldFailOnError(true);
        }
        boolean ownResult = !cmd.getResult().hasValue() && !cmd.getResultFormat().hasValue();
        int callers = cmd.getThreads().orElse(1);
        List<String> results = new ArrayList<>();
        try (PrintStream log = jmhOutput(folder)) {
            if (ownResult) {
                results.add(run(options, folder, callersJson(callers), log));
            } else {
                runAsIs(options.build(), log);
            }
        } finally {
            writeManifest(folder, "jmh", jmhArguments, Map.of("jmhArguments", jmhArguments), forkSettings, start, results);
        }
        writeMachine(folder);
        return Optional.of(folder);
    }

    /** JMH's help and listings, as its own Main does them. */
    private static boolean answeredWithoutRunning(CommandLineOptions cmd) {
        try {
            if (cmd.shouldHelp()) {
                cmd.showHelp();
            } else if (cmd.shouldListProfilers()) {
                cmd.listProfilers();
            } else if (cmd.shouldListResultFormats()) {
                cmd.listResultFormats();
            } else if (cmd.shouldList() || cmd.shouldListWithParams()) {
                Runner runner = new Runner(cmd);
                if (cmd.shouldListWithParams()) {
                    runner.listWithParams(cmd);
                } else {
                    runner.list();
                }
            } else {
                return false;
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks the model benchmark's parameters; the message names the value and what is accepted. */
    static void validateParameters(CommandLineOptions cmd) {
        cmd.getParameter("model").orElse(List.of()).forEach(ModelSpec::parse);
        cmd.getParameter("batchSize").orElse(List.of()).forEach(v -> atLeastOne("batchSize", v));
        cmd.getParameter("intraOpThreads").orElse(List.of()).forEach(v -> atLeastOne("intraOpThreads", v));
        cmd.getParameter("matrixSize").orElse(List.of()).forEach(v -> atLeastOne("matrixSize", v));
    }

    private static void atLeastOne(String name, String value) {
        try {
            if (Integer.parseInt(value.strip()) >= 1) {
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " '" + value + "' is not accepted; accepted: a whole number >= 1");
    }

    private static ChainedOptionsBuilder settings(SweepDefinition sweep, ForkLauncher.Prepared launcher) {
        return new OptionsBuilder()
                .jvm(launcher.script().toString())
                .warmupIterations(sweep.warmupIterations())
                .warmupTime(sweep.warmupTime())
                .measurementIterations(sweep.measurementIterations())
                .measurementTime(sweep.measurementTime())
                .forks(sweep.forks())
                .shouldFailOnError(true);
    }

    private String run(ChainedOptionsBuilder options, RunFolder folder, String jsonName, PrintStream log)
            throws RunnerException {
        options.resultFormat(ResultFormatType.JSON).result(folder.partial(jsonName).toString());
        runAsIs(options.build(), log);
        if (!Files.exists(folder.partial(jsonName))) {
            throw new IllegalStateException("JMH finished without writing " + folder.partial(jsonName));
        }
        folder.publish(jsonName);
        return jsonName;
    }

    private static Collection<org.openjdk.jmh.results.RunResult> runAsIs(Options options, PrintStream log)
            throws RunnerException {
        VerboseMode verbosity = options.verbosity().orElse(VerboseMode.NORMAL);
        return new Runner(options, OutputFormatFactory.createFormatInstance(log, verbosity)).run();
    }

    /** JMH's console output, also kept in the run folder as {@code jmh.log}, without libtorch's repeated warning. */
    private PrintStream jmhOutput(RunFolder folder) {
        try {
            OutputStream file = Files.newOutputStream(folder.file("jmh.log"));
            return new PrintStream(new LibtorchNoiseFilter(new Tee(console, file)), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder.file("jmh.log") + ": " + e.getMessage(), e);
        }
    }

    private void writeManifest(RunFolder folder, String kind, List<String> arguments, Object request,
            Map<String, String> forkSettings, Instant start, List<String> results) {
        RunManifest manifest = new RunManifest(folder.id(), kind, List.copyOf(arguments), request, forkSettings, start.toString(),
                clock.instant().toString(), List.copyOf(results), Host.describe(), Jvm.describe(),
                EngineVersions.describe(), Environment.relevant());
        try {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            folder.write("run.json", json.writeValueAsString(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write run.json: " + e.getMessage(), e);
        }
    }

    private static String[] strings(List<?> values) {
        return values.stream().map(Object::toString).collect(Collectors.toList()).toArray(String[]::new);
    }

    /** Writes to the console and a file; closing closes only the file. */
    private static final class Tee extends OutputStream {
        private final OutputStream console;
        private final OutputStream file;

        Tee(OutputStream console, OutputStream file) {
            this.console = console;
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            console.write(b);
            file.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            console.write(b, off, len);
            file.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            console.flush();
            file.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
            file.close();
        }
    }
}
