package org.effbench.counting;

import java.util.List;

/** libtorch's scalar type codes ({@code c10::ScalarType}), as TorchScript code spells dtypes. */
public final class Dtypes {

    private static final List<String> NAMES =
            List.of(
                    "uint8",
                    "int8",
                    "int16",
                    "int32",
                    "int64",
                    "float16",
                    "float32",
                    "float64",
                    "complex32",
                    "complex64",
                    "complex128",
                    "bool",
                    "qint8",
                    "quint8",
                    "qint32",
                    "bfloat16");

    private Dtypes() {}

    public static boolean known(long code) {
        return code >= 0 && code < NAMES.size();
    }

    /** The name of a code, e.g. 6 is {@code float32}. */
    public static String name(long code) {
        return known(code) ? NAMES.get((int) code) : "dtype" + code;
    }

    /** Bytes per element of a named type (quantized types by their storage). */
    public static int bytes(String name) {
        return switch (name == null ? "float32" : name) {
            case "uint8", "int8", "bool", "qint8", "quint8" -> 1;
            case "int16", "float16", "bfloat16" -> 2;
            case "int64", "float64", "complex64" -> 8;
            case "complex128" -> 16;
            default -> 4;
        };
    }
}
