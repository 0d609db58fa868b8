package org.effbench.torchscript;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * A TorchScript {@code .pt} file read as what it is, a zip: {@code code/**.py} holds each module
 * class's TorchScript source, {@code data.pkl} the module tree with its attributes and tensors
 * (each tensor naming its storage, so tensors that share one are recognisable), and {@code
 * constants.pkl} the tensors the code refers to as {@code CONSTANTS.cN}. Written by torch 1.x and
 * 2.x alike.
 */
public final class TorchScriptArchive {

    /** A tensor as stored: its storage's key and type, its offset and shape. */
    public record StoredTensor(
            String storageKey,
            String dtype,
            long offset,
            List<Long> shape,
            boolean quantized,
            Object scalar) {
        public StoredTensor {
            shape = List.copyOf(shape);
        }

        /** This one-element tensor with its value, read from its storage. */
        StoredTensor withScalar(Object value) {
            return new StoredTensor(storageKey, dtype, offset, shape, quantized, value);
        }

        public long elements() {
            long p = 1;
            for (long d : shape) {
                p *= d;
            }
            return p;
        }
    }

    /** An object from data.pkl: a module or a custom class (packed weights), with its state. */
    public static final class Obj {
        private final String className;
        private final Map<String, Object> attributes = new LinkedHashMap<>();
        private Object state;

        Obj(String className) {
            this.className = className;
        }

        public String className() {
            return className;
        }

        /** A module's attributes (parameters, buffers, submodules, settings), by name. */
        public Map<String, Object> attributes() {
            return attributes;
        }

        /** The state a custom class was pickled with ({@code __getstate__}), or null. */
        public Object state() {
            return state;
        }

        public void __setstate__(HashMap<?, ?> dict) {
            dict.forEach((k, v) -> attributes.put(String.valueOf(k), v));
        }

        public void __setstate__(Object[] tuple) {
            state = List.of(tuple);
        }

        @Override
        public String toString() {
            return className;
        }
    }

    private final Path file;
    private final Map<String, Ast.ClassDef> classes;
    private final Obj root;
    private final List<Object> constants;

    private TorchScriptArchive(
            Path file, Map<String, Ast.ClassDef> classes, Obj root, List<Object> constants) {
        this.file = file;
        this.classes = classes;
        this.root = root;
        this.constants = constants;
    }

    /**
     * Reads the archive.
     *
     * @throws IllegalArgumentException in one line when it is not a TorchScript archive this reader
     *     understands
     */
    public static TorchScriptArchive read(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = null;
            for (ZipEntry e : Collections.list(zip.entries())) {
                String n = e.getName();
                if (n.endsWith("/data.pkl")
                        && n.indexOf('/') == n.length() - "/data.pkl".length()) {
                    prefix = n.substring(0, n.length() - "data.pkl".length());
                }
            }
            if (prefix == null) {
                throw new IllegalArgumentException(
                        file + " is not a TorchScript archive (no data.pkl)");
            }
            Map<String, Ast.ClassDef> classes = new LinkedHashMap<>();
            String code = prefix + "code/";
            for (ZipEntry e : Collections.list(zip.entries())) {
                String n = e.getName();
                if (n.startsWith(code) && n.endsWith(".py")) {
                    String module = n.substring(code.length(), n.length() - 3).replace('/', '.');
                    Ast.SourceFile source =
                            TorchScriptParser.parse(
                                    n.substring(prefix.length()),
                                    new String(
                                            zip.getInputStream(e).readAllBytes(),
                                            StandardCharsets.UTF_8));
                    for (Ast.ClassDef c : source.classes()) {
                        classes.put(module + "." + c.name(), c);
                    }
                }
            }
            Object data = unpickle(zip, prefix + "data.pkl");
            if (!(data instanceof Obj root)) {
                throw new IllegalArgumentException(file + ": data.pkl does not hold a module");
            }
            ZipEntry constantsEntry = zip.getEntry(prefix + "constants.pkl");
            List<Object> constants = List.of();
            if (constantsEntry != null
                    && unpickle(zip, prefix + "constants.pkl") instanceof Object[] tuple) {
                constants = new ArrayList<>();
                for (Object c : tuple) {
                    constants.add(
                            c instanceof StoredTensor t && t.elements() == 1
                                    ? scalar(zip, prefix + "constants/", t)
                                    : c);
                }
            }
            return new TorchScriptArchive(file, classes, root, constants);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    file + " cannot be read as a zip: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /**
     * The module classes by qualified name, e.g. {@code __torch__.torch.nn.modules.conv.Conv2d}.
     */
    public Map<String, Ast.ClassDef> classes() {
        return classes;
    }

    public Obj root() {
        return root;
    }

    /** {@code CONSTANTS.cN} is element N. */
    public List<Object> constants() {
        return constants;
    }

    /**
     * A one-element constant with its value: traced code divides shapes by such constants ({@code
     * torch.floor_divide(d, CONSTANTS.c0)}), so the value keeps the shapes known.
     */
    private static StoredTensor scalar(ZipFile zip, String folder, StoredTensor t)
            throws IOException {
        ZipEntry e = zip.getEntry(folder + t.storageKey());
        if (e == null) {
            return t;
        }
        ByteBuffer b =
                ByteBuffer.wrap(zip.getInputStream(e).readAllBytes())
                        .order(ByteOrder.LITTLE_ENDIAN);
        int at = (int) t.offset();
        Object value =
                switch (t.dtype()) {
                    case "int64" -> b.getLong(at * 8);
                    case "int32" -> (long) b.getInt(at * 4);
                    case "float64" -> b.getDouble(at * 8);
                    case "float32" -> (double) b.getFloat(at * 4);
                    case "bool" -> b.get(at) != 0;
                    default -> null;
                };
        return value == null ? t : t.withScalar(value);
    }

    private static Object unpickle(ZipFile zip, String name) throws IOException {
        try (InputStream in = zip.getInputStream(zip.getEntry(name));
                TorchUnpickler u = new TorchUnpickler()) {
            return u.load(in);
        }
    }

    /** razorvine's unpickler taught torch's globals and persistent storage ids. */
    private static final class TorchUnpickler extends Unpickler implements AutoCloseable {

        @Override
        protected Object dispatch(short key) throws IOException {
            if (key == Opcodes.GLOBAL) {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(global(module, name));
                return NO_RETURN_VALUE;
            }
            if (key == Opcodes.STACK_GLOBAL) {
                String name = (String) stack.pop();
                String module = (String) stack.pop();
                stack.add(global(module, name));
                return NO_RETURN_VALUE;
            }
            return super.dispatch(key);
        }

        @Override
        protected Object persistentLoad(Object pid) {
            // ('storage', storage type, key, location, numel)
            Object[] t = (Object[]) pid;
            return new Storage(
                    String.valueOf(t[2]),
                    t[1] instanceof Global g ? storageDtype(g.name) : "float32");
        }

        private static IObjectConstructor global(String module, String name) {
            String full = module + "." + name;
            return switch (full) {
                case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" ->
                        args -> tensor(args, false);
                case "torch._utils._rebuild_qtensor" -> args -> tensor(args, true);
                case "torch._utils._rebuild_parameter",
                        "torch._utils._rebuild_parameter_with_state" ->
                        args -> args[0];
                case "collections.OrderedDict" -> args -> new LinkedHashMap<>();
                case "torch.jit._pickle.build_intlist",
                        "torch.jit._pickle.build_tensorlist",
                        "torch.jit._pickle.build_doublelist",
                        "torch.jit._pickle.build_boollist",
                        "torch.jit._pickle.build_genericlist",
                        "torch.jit._pickle.restore_type_tag" ->
                        args -> args[0];
                case "builtins.set" -> args -> args.length == 0 ? new ArrayList<>() : args[0];
                default -> new Global(module, name);
            };
        }

        private static StoredTensor tensor(Object[] args, boolean quantized) {
            Storage s = (Storage) args[0];
            List<Long> shape = new ArrayList<>();
            for (Object d : (Object[]) args[2]) {
                shape.add(((Number) d).longValue());
            }
            return new StoredTensor(
                    s.key, s.dtype, ((Number) args[1]).longValue(), shape, quantized, null);
        }

        private static String storageDtype(String storageClass) {
            return switch (storageClass) {
                case "DoubleStorage" -> "float64";
                case "HalfStorage" -> "float16";
                case "BFloat16Storage" -> "bfloat16";
                case "LongStorage" -> "int64";
                case "IntStorage" -> "int32";
                case "ShortStorage" -> "int16";
                case "CharStorage" -> "int8";
                case "ByteStorage" -> "uint8";
                case "BoolStorage" -> "bool";
                case "QInt8Storage" -> "qint8";
                case "QUInt8Storage" -> "quint8";
                case "QInt32Storage" -> "qint32";
                default -> "float32";
            };
        }

        @Override
        public void close() {
            super.close();
        }
    }

    private record Storage(String key, String dtype) {}

    /** A global name from the pickle; constructing it makes an object of that class. */
    private record Global(String module, String name) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            return new Obj(module + "." + name);
        }

        @Override
        public String toString() {
            return module + "." + name;
        }
    }
}
