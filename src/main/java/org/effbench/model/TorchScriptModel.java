package org.effbench.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.effbench.engine.InvocationScope;
import org.effbench.engine.QuantizedEngine;
import org.effbench.engine.TorchEngine;

/**
 * A user's TorchScript file, loaded from local disk (nothing is downloaded), with the input shapes
 * the user gives: {@code file:model.pt} with {@code --input 1x3x224x224} or, for several inputs and
 * integer ones, {@code 1x128:int64,1x128:int64} ({@code ;} separates them too, for JMH's {@code
 * -p}, which splits at commas). The first dimension of each shape is the batch. Random inputs:
 * standard normal floats; integers 0 or 1 (valid token ids and indices for any vocabulary).
 */
public final class TorchScriptModel implements ForwardModel {

    /** The prefix that names a file model wherever a zoo model name is accepted. */
    public static final String PREFIX = "file:";

    private static final Map<String, DataType> TYPES =
            Map.of(
                    "float32",
                    DataType.FLOAT32,
                    "fp32",
                    DataType.FLOAT32,
                    "int64",
                    DataType.INT64,
                    "int32",
                    DataType.INT32,
                    "float64",
                    DataType.FLOAT64);

    /**
     * What {@link #parseInputs} accepts, in the words of its message and of the commands' help (a
     * constant, for annotations; {@code TorchScriptModelTest} checks it names exactly the types
     * accepted).
     */
    public static final String ACCEPTED_INPUTS =
            "dimensions >= 1 joined by x, batch first, optionally :TYPE with TYPE one "
                    + "of float32, float64, fp32, int32, int64; several inputs separated by commas or semicolons";

    /** One input: its shape, batch first, and type. */
    public record Input(Shape shape, DataType type) {
        @Override
        public String toString() {
            return shape.toString().replaceAll("[() ]", "").replace(',', 'x')
                    + ":"
                    + type.name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The file scripts/export_variants.py writes beside the files it made: it names the quantized
     * engine they were made with ({@code qengine}).
     */
    public static final String VARIANTS_FILE = "variants.json";

    /**
     * The quantized engine a file loads under and why: {@link QuantizedEngine#PROPERTY} when set
     * (every file this JVM loads); else the engine its {@link #VARIANTS_FILE} names, if this
     * libtorch offers it (Python's peer follows the same file, so both sides run the same kernels);
     * else libtorch's default.
     */
    public record EngineChoice(String engine, String source) {
        @Override
        public String toString() {
            return engine + " (" + source + ")";
        }
    }

    private final String id;
    private final Model model;
    private final List<Input> inputs;
    private final EngineChoice quantizedEngine;

    private TorchScriptModel(
            String id, Model model, List<Input> inputs, EngineChoice quantizedEngine) {
        this.id = id;
        this.model = model;
        this.inputs = List.copyOf(inputs);
        this.quantizedEngine = quantizedEngine;
    }

    public static boolean names(String model) {
        return model.startsWith(PREFIX);
    }

    /**
     * Loads {@code file:PATH} and checks it accepts {@code inputSpec} with one forward pass; the
     * engine must have been started.
     *
     * @throws IllegalArgumentException in one line: missing file, not TorchScript, input the model
     *     rejects
     */
    public static TorchScriptModel load(String model, String inputSpec) {
        Path file = file(model);
        List<Input> inputs = parseInputs(inputSpec);
        // before loading: a quantized file's weights are packed for the engine current at load
        EngineChoice engine = chooseQuantizedEngine(file);
        Model loaded =
                Model.newInstance(file.getFileName().toString(), Device.cpu(), TorchEngine.NAME);
        try {
            String name = file.getFileName().toString();
            loaded.load(
                    file.toAbsolutePath().getParent(),
                    name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            loaded.close();
            throw new IllegalArgumentException(
                    file + " is not a TorchScript file libtorch can load: " + firstLine(e), e);
        }
        TorchScriptModel result = new TorchScriptModel(model, loaded, inputs, engine);
        try (NDManager check = NDManager.newBaseManager(TorchEngine.NAME)) {
            result.inferInScope(
                    check, result.newInput(check, (int) inputs.get(0).shape().get(0), 1));
        } catch (EngineException | IllegalStateException e) {
            result.close();
            throw new IllegalArgumentException(
                    file + " rejected input " + inputSpec + ": " + reason(e), e);
        }
        return result;
    }

    /**
     * The file {@code file:PATH} names, checked as {@link #checkArchive} does: every way of naming
     * a file model (a sweep, {@code -p model=}, {@code profile}, {@code ops}, the fork that loads
     * it) comes through here, so a damaged file stops the run before any fork starts.
     *
     * @throws IllegalArgumentException if it does not exist or a member of it is damaged
     */
    public static Path file(String model) {
        Path file = Path.of(model.substring(PREFIX.length()));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "model file " + file + " does not exist or is not a file");
        }
        checkArchive(file);
        return file;
    }

    /**
     * Checks each member of a TorchScript file (a zip) against the CRC-32 its zip directory
     * records: libtorch loads a weight whose bytes were damaged without a word, and the model then
     * runs on wrong weights. A file that is not a zip at all is left to libtorch, whose reason
     * {@link #load} reports.
     *
     * @throws IllegalArgumentException naming the file and the first damaged member
     */
    public static void checkArchive(Path file) {
        String version = version(file);
        if (version != null && version.equals(CHECKED.get(file.toAbsolutePath()))) {
            return; // this very file was read through already in this process
        }
        checkMembers(file);
        if (version != null) {
            CHECKED.put(file.toAbsolutePath(), version);
        }
    }

    /**
     * Files whose members passed, by their size and modification time when checked: naming a file
     * model again in the same process (parse, then load; the metrics' archive read) does not read
     * every byte again, and a file changed since is checked again.
     */
    private static final Map<Path, String> CHECKED = new ConcurrentHashMap<>();

    private static String version(Path file) {
        try {
            return Files.size(file)
                    + "@"
                    + Files.getLastModifiedTime(file); // the time at full precision
        } catch (IOException e) {
            return null;
        }
    }

    private static void checkMembers(Path file) {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (IOException e) {
            return;
        }
        byte[] buffer = new byte[1 << 16];
        try (zip) {
            for (ZipEntry member : Collections.list(zip.entries())) {
                if (member.isDirectory()) {
                    continue;
                }
                CRC32 crc = new CRC32();
                try (InputStream in = zip.getInputStream(member)) {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        crc.update(buffer, 0, n);
                    }
                } catch (IOException e) {
                    throw new IllegalArgumentException(
                            "model file "
                                    + file
                                    + " is damaged: member "
                                    + member.getName()
                                    + " cannot be read ("
                                    + e.getMessage()
                                    + ")",
                            e);
                }
                if (member.getCrc() != -1 && crc.getValue() != member.getCrc()) {
                    throw new IllegalArgumentException(
                            String.format(
                                    Locale.ROOT,
                                    "model file %s is damaged: member %s fails its CRC-32 check"
                                            + " (recorded %08x, read %08x)",
                                    file,
                                    member.getName(),
                                    member.getCrc(),
                                    crc.getValue()));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "model file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * @throws IllegalArgumentException naming the input and what is accepted; also for none
     */
    public static List<Input> parseInputs(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException(
                    "a file: model needs --input, e.g. 1x3x224x224 or 1x128:int64,1x128:int64");
        }
        List<Input> out = new ArrayList<>();
        for (String one : spec.split("[,;]")) {
            String[] parts = one.strip().split(":", -1);
            DataType type =
                    parts.length == 2
                            ? TYPES.get(parts[1].strip().toLowerCase(Locale.ROOT))
                            : DataType.FLOAT32;
            long[] dims;
            try {
                dims =
                        Arrays.stream(parts[0].strip().split("x"))
                                .mapToLong(Long::parseLong)
                                .toArray();
            } catch (NumberFormatException e) {
                dims = new long[0];
            }
            if (parts.length > 2
                    || type == null
                    || dims.length == 0
                    || Arrays.stream(dims).anyMatch(d -> d < 1)) {
                throw new IllegalArgumentException(
                        "input '"
                                + one.strip()
                                + "' is not accepted; accepted: "
                                + ACCEPTED_INPUTS);
            }
            out.add(new Input(new Shape(dims), type));
        }
        return out;
    }

    /**
     * Applies the quantized engine {@code file} is to load under (see {@link EngineChoice}); the
     * engine must have been started.
     *
     * @throws IllegalArgumentException when {@link QuantizedEngine#PROPERTY} names an engine this
     *     libtorch does not offer
     */
    static EngineChoice chooseQuantizedEngine(Path file) {
        String asked = System.getProperty(QuantizedEngine.PROPERTY, "").trim();
        if (!asked.isEmpty()) {
            QuantizedEngine.use(asked);
            return new EngineChoice(QuantizedEngine.current(), "-D" + QuantizedEngine.PROPERTY);
        }
        String made = engineMadeWith(file);
        if (made != null) {
            if (QuantizedEngine.supported().contains(made)) {
                QuantizedEngine.use(made);
                return new EngineChoice(made, "the engine " + VARIANTS_FILE + " names");
            }
            return new EngineChoice(
                    QuantizedEngine.current(),
                    "libtorch's default: " + VARIANTS_FILE + " names " + made + ", not offered");
        }
        return new EngineChoice(QuantizedEngine.current(), "libtorch's default");
    }

    /** The {@code qengine} the {@link #VARIANTS_FILE} beside {@code file} names, or null. */
    static String engineMadeWith(Path file) {
        Path variants = file.toAbsolutePath().resolveSibling(VARIANTS_FILE);
        if (!Files.isRegularFile(variants)) {
            return null;
        }
        try {
            JsonNode engine = new ObjectMapper().readTree(variants.toFile()).path("qengine");
            return engine.isTextual() ? engine.asText() : null;
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    variants + " is not readable JSON: " + firstLine(e), e);
        }
    }

    /** The quantized engine this file was loaded under, and why. */
    public EngineChoice quantizedEngine() {
        return quantizedEngine;
    }

    @Override
    public String id() {
        return id;
    }

    public List<Input> inputs() {
        return inputs;
    }

    /**
     * Bytes of one sample's inputs (each input's shape without its batch dimension, in its type).
     */
    public long inputBytesPerSample() {
        return inputs.stream()
                .mapToLong(in -> in.shape().size() / in.shape().get(0) * in.type().getNumOfBytes())
                .sum();
    }

    /** Elements of the model's parameters, as the TorchScript module lists them. */
    public long parameterCount() {
        return model.getBlock().getParameters().values().stream()
                .mapToLong(p -> p.getArray().size())
                .sum();
    }

    @Override
    public NDList newInput(NDManager owner, int batch, long seed) {
        NDList list = new NDList();
        for (Input in : inputs) {
            long[] dims = in.shape().getShape().clone();
            dims[0] = batch;
            Shape shape = new Shape(dims);
            list.add(
                    TorchEngine.seeded(
                            seed,
                            () ->
                                    in.type().isFloating()
                                            ? owner.randomNormal(0, 1, shape, in.type())
                                            : owner.randomInteger(0, 2, shape, in.type())));
        }
        return list;
    }

    @Override
    public float inferInScope(NDManager owner, NDList in) {
        Block block = model.getBlock();
        return InvocationScope.run(
                owner,
                in,
                x -> {
                    NDList out = block.forward(new ParameterStore(owner, false), x, false);
                    NDArray first = out.head();
                    return InvocationScope.firstFloat(
                            first.getDataType().isFloating()
                                    ? first
                                    : first.toType(DataType.FLOAT32, false));
                });
    }

    /**
     * The first output of one forward pass, cast to fp32 and copied out: for comparing two files'
     * outputs on the same input (their precision or graph differs), not for timing.
     */
    public float[] outputFloats(NDManager owner, NDList in) {
        Block block = model.getBlock();
        return InvocationScope.run(
                owner,
                in,
                x -> {
                    NDArray first =
                            block.forward(new ParameterStore(owner, false), x, false).head();
                    return first.toType(DataType.FLOAT32, false).toFloatArray();
                });
    }

    @Override
    public void close() {
        model.close();
    }

    /**
     * libtorch's reason in one line: for a TorchScript traceback, its last line ("RuntimeError:
     * expected scalar type Long but found Float"); otherwise the first.
     */
    public static String reason(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.lines()
                .map(String::strip)
                .filter(l -> l.matches("\\w*(Error|Exception): .*"))
                .reduce((first, last) -> last)
                .map(l -> l.substring(l.indexOf(": ") + 2))
                .orElseGet(() -> firstLine(e));
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .findFirst()
                .orElse(message);
    }
}
