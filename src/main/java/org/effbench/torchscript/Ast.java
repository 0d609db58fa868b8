package org.effbench.torchscript;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The syntax tree of the TorchScript source a {@code .pt} archive keeps under {@code code/}: the
 * subset of Python that libtorch's printer emits for traced and scripted modules (classes with
 * typed attributes and methods; assignments, if/else, while, for, return; calls, attributes,
 * subscripts, literals). Types are kept as their source text.
 */
public final class Ast {

    private Ast() {}

    /** One source file: its classes and free functions, in order. */
    public record SourceFile(String path, List<ClassDef> classes, List<FunctionDef> functions) {
        public SourceFile {
            classes = List.copyOf(classes);
            functions = List.copyOf(functions);
        }
    }

    /**
     * A class. {@code fields} are its attribute declarations in order: {@code training : bool},
     * {@code out_channels : Final[int] = 6}, {@code __parameters__ = ["weight", ]} (annotation
     * null), {@code __annotations__["0"] = __torch__.X} (name {@code 0}, the type as annotation).
     */
    public record ClassDef(
            String name,
            List<String> bases,
            List<Field> fields,
            List<FunctionDef> methods,
            int line) {
        public ClassDef {
            bases = List.copyOf(bases);
            fields = List.copyOf(fields);
            methods = List.copyOf(methods);
        }
    }

    /** A class attribute declaration; {@code annotation} or {@code value} may be null. */
    public record Field(String name, String annotation, Expr value) {}

    /** A function or method; the first parameter of a method is its receiver. */
    public record FunctionDef(
            String name, List<Param> params, String returns, List<Stmt> body, int line) {
        public FunctionDef {
            params = List.copyOf(params);
            body = List.copyOf(body);
        }
    }

    /** A parameter; {@code annotation} and {@code defaultValue} may be null. */
    public record Param(String name, String annotation, Expr defaultValue) {}

    /** A statement; {@code line} is its 1-based line in the source file. */
    public sealed interface Stmt
            permits Assign,
                    AnnAssign,
                    AugAssign,
                    ExprStmt,
                    Return,
                    If,
                    While,
                    For,
                    Pass,
                    Break,
                    Continue,
                    Raise,
                    Assert,
                    With {
        int line();
    }

    /**
     * {@code a = b = value}: one or more targets (names, tuples of targets, attributes,
     * subscripts).
     */
    public record Assign(List<Expr> targets, Expr value, int line) implements Stmt {
        public Assign {
            targets = List.copyOf(targets);
        }
    }

    /** {@code x: Optional[List[int]] = value}; value may be null. */
    public record AnnAssign(Expr target, String annotation, Expr value, int line) implements Stmt {}

    /** {@code x += value}; op is the binary operator, e.g. {@code "+"}. */
    public record AugAssign(Expr target, String op, Expr value, int line) implements Stmt {}

    public record ExprStmt(Expr value, int line) implements Stmt {}

    /** value may be null. */
    public record Return(Expr value, int line) implements Stmt {}

    /** {@code elif} becomes an If in {@code otherwise}; otherwise is empty without else. */
    public record If(Expr condition, List<Stmt> then, List<Stmt> otherwise, int line)
            implements Stmt {
        public If {
            then = List.copyOf(then);
            otherwise = List.copyOf(otherwise);
        }
    }

    public record While(Expr condition, List<Stmt> body, int line) implements Stmt {
        public While {
            body = List.copyOf(body);
        }
    }

    /** {@code for target in iterable:}; target is a Name or a TupleExpr of names. */
    public record For(Expr target, Expr iterable, List<Stmt> body, int line) implements Stmt {
        public For {
            body = List.copyOf(body);
        }
    }

    public record Pass(int line) implements Stmt {}

    public record Break(int line) implements Stmt {}

    public record Continue(int line) implements Stmt {}

    /** value may be null (a bare raise). */
    public record Raise(Expr value, int line) implements Stmt {}

    /** message may be null. */
    public record Assert(Expr condition, Expr message, int line) implements Stmt {}

    /** {@code with context as name:}; name may be null. */
    public record With(Expr context, String name, List<Stmt> body, int line) implements Stmt {
        public With {
            body = List.copyOf(body);
        }
    }

    /** An expression. */
    public sealed interface Expr
            permits Name,
                    Const,
                    Attribute,
                    Call,
                    Subscript,
                    Slice,
                    ListExpr,
                    TupleExpr,
                    DictExpr,
                    Unary,
                    Binary,
                    IfExpr,
                    EllipsisExpr {}

    public record Name(String id) implements Expr {}

    /**
     * A literal: {@link Long} for ints, {@link Double} for floats (also {@code inf}, {@code nan}
     * when written as names are Names, not constants), {@link Boolean}, {@link String}, or {@link
     * #NONE} for None.
     */
    public record Const(Object value) implements Expr {
        /** The value of {@code None}. */
        public static final Object NONE =
                new Object() {
                    @Override
                    public String toString() {
                        return "None";
                    }
                };
    }

    public record Attribute(Expr target, String name) implements Expr {}

    /** A call; keyword arguments keep their order. */
    public record Call(Expr function, List<Expr> args, Map<String, Expr> kwargs) implements Expr {
        public Call {
            args = List.copyOf(args);
            kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
        }
    }

    /** {@code target[index]}; a multi-dimensional index is a TupleExpr, a slice a Slice. */
    public record Subscript(Expr target, Expr index) implements Expr {}

    /** {@code lower:upper:step}; each may be null. */
    public record Slice(Expr lower, Expr upper, Expr step) implements Expr {}

    public record ListExpr(List<Expr> items) implements Expr {
        public ListExpr {
            items = List.copyOf(items);
        }
    }

    public record TupleExpr(List<Expr> items) implements Expr {
        public TupleExpr {
            items = List.copyOf(items);
        }
    }

    public record DictExpr(List<Expr> keys, List<Expr> values) implements Expr {
        public DictExpr {
            keys = List.copyOf(keys);
            values = List.copyOf(values);
        }
    }

    /** op is one of {@code -}, {@code +}, {@code ~}, {@code not}. */
    public record Unary(String op, Expr operand) implements Expr {}

    /**
     * op is one of {@code + - * / // % ** @ << >> & | ^ == != < <= > >= is} {@code is not}, {@code
     * in}, {@code not in}, {@code and}, {@code or}.
     */
    public record Binary(String op, Expr left, Expr right) implements Expr {}

    /** {@code then if condition else otherwise}. */
    public record IfExpr(Expr condition, Expr then, Expr otherwise) implements Expr {}

    /** {@code ...} */
    public record EllipsisExpr() implements Expr {}
}
