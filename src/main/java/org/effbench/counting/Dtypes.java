package org.effbench.counting;

import java.util.List;
import java.util.Set;
import org.effbench.base.ComputeDtype;
import org.effbench.base.Dtype;

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

    /**
     * The format a matrix product with operands of this type computes in, as {@link ComputeDtype}
     * names it: a {@link Dtype} id (quantized 8-bit types are int8: their products are 8-bit
     * integer multiplies into 32-bit sums), {@code fp64}, another type's own name, or {@link
     * ComputeDtype#UNKNOWN} for null.
     */
    public static String computeFormat(String name) {
        if (name == null) {
            return ComputeDtype.UNKNOWN;
        }
        return switch (name) {
            case "float32" -> Dtype.FP32.id();
            case "float16" -> Dtype.FP16.id();
            case "bfloat16" -> Dtype.BF16.id();
            case "qint8", "quint8", "int8", "uint8" -> Dtype.INT8.id();
            case "quint4x2" -> Dtype.INT4.id();
            case "float64" -> "fp64";
            default -> name;
        };
    }

    /** float16, bfloat16, float32, float64. */
    public static boolean floating(String name) {
        return name != null && kind(name) == FLOATING;
    }

    /** Quantized types: their arithmetic is integer whatever the other operand holds. */
    public static boolean quantized(String name) {
        return name != null && (name.startsWith("qint") || name.startsWith("quint"));
    }

    /**
     * The result type of a binary element-wise operation on two tensors, as PyTorch promotes them
     * ({@code torch.result_type}): a 0-dimensional tensor beside a dimensioned one counts only when
     * its kind (bool, integer, floating) is higher, and then its type is the result; float16 with
     * bfloat16 is float32; quantized types and unknown ones are not promoted (the first stays).
     */
    public static String promote(String a, boolean aScalar, String b, boolean bScalar) {
        if (a == null || b == null || a.equals(b) || quantized(a) || quantized(b)) {
            return a != null ? a : b;
        }
        int ka = kind(a);
        int kb = kind(b);
        if (aScalar != bScalar) {
            String dimensioned = aScalar ? b : a;
            String scalar = aScalar ? a : b;
            return kind(scalar) <= kind(dimensioned) ? dimensioned : scalar;
        }
        if (ka != kb) {
            return ka > kb ? a : b;
        }
        if (Set.of(a, b).equals(Set.of("float16", "bfloat16"))) {
            return "float32";
        }
        return bytes(a) >= bytes(b) ? a : b;
    }

    private static final int BOOLEAN = 0;
    private static final int INTEGER = 1;
    private static final int FLOATING = 2;
    private static final int COMPLEX = 3;

    private static int kind(String name) {
        if (name.equals("bool")) {
            return BOOLEAN;
        }
        if (name.startsWith("float") || name.equals("bfloat16")) {
            return FLOATING;
        }
        if (name.startsWith("complex")) {
            return COMPLEX;
        }
        return INTEGER;
    }
}
