package org.effbench.torchscript;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.effbench.torchscript.Ast.Expr;
import org.effbench.torchscript.Ast.Stmt;

/**
 * Parses the TorchScript source that libtorch's printer (torch 1.13 and 2.x) writes into the {@code
 * code/__torch__/**.py} entries of a {@code .pt} archive, into an {@link Ast.SourceFile}.
 *
 * <p>A lexer turns indentation into INDENT/DEDENT tokens (blank lines, {@code #} comments, newlines
 * inside brackets and backslash-newlines do not end a statement); a recursive-descent parser then
 * reads classes (typed attributes, {@code __annotations__["0"] = T}, methods), free functions, the
 * statements of {@link Ast.Stmt} and expressions with Python's precedence. Top-level {@code
 * import}s and simple statements such as {@code op_version_set = 1}, and decorators, are read and
 * dropped. Types are kept as text, normalised to {@code Tuple[int, Optional[Tensor]]}.
 *
 * <p>It is hand-written because no dependency parses TorchScript's Python subset, and that subset
 * is small. A syntax error throws {@link IllegalArgumentException} with one line, {@code path:line:
 * expected ')' but found 'def'}.
 */
public final class TorchScriptParser {

    private static final Set<String> RESERVED =
            Set.of(
                    "and",
                    "as",
                    "assert",
                    "async",
                    "await",
                    "break",
                    "class",
                    "continue",
                    "def",
                    "del",
                    "elif",
                    "else",
                    "except",
                    "finally",
                    "for",
                    "from",
                    "global",
                    "if",
                    "import",
                    "in",
                    "is",
                    "lambda",
                    "nonlocal",
                    "not",
                    "or",
                    "pass",
                    "raise",
                    "return",
                    "try",
                    "while",
                    "with",
                    "yield",
                    "True",
                    "False",
                    "None");
    private static final Set<String> AUGMENTED =
            Set.of(
                    "+=", "-=", "*=", "/=", "//=", "%=", "**=", "@=", "<<=", ">>=", "&=", "|=",
                    "^=");

    /** Binary operators between comparisons and unary operators, loosest first. */
    private static final List<List<String>> ARITHMETIC =
            List.of(
                    List.of("|"),
                    List.of("^"),
                    List.of("&"),
                    List.of("<<", ">>"),
                    List.of("+", "-"),
                    List.of("*", "/", "//", "%", "@"));

    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", "<=", ">", ">=");
    private static final Set<String> EXPRESSION_STARTS =
            Set.of("(", "[", "{", "-", "+", "~", "...", "not", "True", "False", "None");

    private final String path;
    private final List<Token> tokens;
    private int index;

    private TorchScriptParser(String path, List<Token> tokens) {
        this.path = path;
        this.tokens = tokens;
    }

    /** Parses one source file; {@code path} only names it in error messages and the result. */
    public static Ast.SourceFile parse(String path, String source) {
        return new TorchScriptParser(path, new Lexer(path, source).tokenize()).file();
    }

    private Ast.SourceFile file() {
        List<Ast.ClassDef> classes = new ArrayList<>();
        List<Ast.FunctionDef> functions = new ArrayList<>();
        while (!at(Kind.EOF)) {
            skipDecorators();
            if (at("class")) {
                classes.add(classDef());
            } else if (at("def")) {
                functions.add(function());
            } else if (at("import") || at("from")) {
                while (!accept(Kind.NEWLINE)) {
                    next();
                }
            } else {
                simpleLine(new ArrayList<>()); // op_version_set = 1 and the like
            }
        }
        return new Ast.SourceFile(path, classes, functions);
    }

    private void skipDecorators() {
        while (accept("@")) {
            test();
            expect(Kind.NEWLINE, "end of line");
        }
    }

    private Ast.ClassDef classDef() {
        int line = expect("class").line();
        String name = name();
        List<String> bases = new ArrayList<>();
        if (accept("(")) {
            while (!accept(")")) {
                bases.add(type());
                if (!accept(",")) {
                    expect(")");
                    break;
                }
            }
        }
        List<Ast.Field> fields = new ArrayList<>();
        List<Ast.FunctionDef> methods = new ArrayList<>();
        suite(() -> classMember(fields, methods));
        return new Ast.ClassDef(name, bases, fields, methods, line);
    }

    private void classMember(List<Ast.Field> fields, List<Ast.FunctionDef> methods) {
        skipDecorators();
        if (at("def")) {
            methods.add(function());
            return;
        }
        if (accept("pass")) {
            // an empty class
        } else if (at("__annotations__") && peek(1).text().equals("[")) {
            next();
            next();
            if (!at(Kind.STRING)) {
                throw error("a string");
            }
            String key = (String) next().value();
            expect("]");
            expect("=");
            fields.add(new Ast.Field(key, type(), null));
        } else {
            String name = name();
            if (accept(":")) {
                String annotation = type();
                fields.add(new Ast.Field(name, annotation, accept("=") ? testList() : null));
            } else {
                expect("=");
                fields.add(new Ast.Field(name, null, testList()));
            }
        }
        expect(Kind.NEWLINE, "end of line");
    }

    private Ast.FunctionDef function() {
        int line = expect("def").line();
        String name = name();
        expect("(");
        List<Ast.Param> params = new ArrayList<>();
        while (!accept(")")) {
            String param = name();
            String annotation = accept(":") ? type() : null;
            params.add(new Ast.Param(param, annotation, accept("=") ? test() : null));
            if (!accept(",")) {
                expect(")");
                break;
            }
        }
        String returns = accept("->") ? type() : null;
        return new Ast.FunctionDef(name, params, returns, block(), line);
    }

    /** {@code :} then members on the same line, or on the following indented lines. */
    private void suite(Runnable member) {
        expect(":");
        if (!accept(Kind.NEWLINE)) {
            member.run();
            return;
        }
        expect(Kind.INDENT, "an indented block");
        while (!accept(Kind.DEDENT)) {
            member.run();
        }
    }

    private List<Stmt> block() {
        List<Stmt> body = new ArrayList<>();
        suite(() -> statement(body));
        return body;
    }

    private void statement(List<Stmt> body) {
        int line = peek().line();
        if (accept("if")) {
            body.add(ifRest(line));
        } else if (accept("while")) {
            Expr condition = test();
            body.add(new Ast.While(condition, block(), line));
        } else if (accept("for")) {
            Expr target = target(forTarget(), line);
            expect("in");
            Expr iterable = testList();
            body.add(new Ast.For(target, iterable, block(), line));
        } else if (accept("with")) {
            Expr context = test();
            String name = accept("as") ? name() : null;
            body.add(new Ast.With(context, name, block(), line));
        } else {
            simpleLine(body);
        }
    }

    private Ast.If ifRest(int line) {
        Expr condition = test();
        List<Stmt> then = block();
        int elseLine = peek().line();
        List<Stmt> otherwise =
                accept("elif") ? List.of(ifRest(elseLine)) : accept("else") ? block() : List.of();
        return new Ast.If(condition, then, otherwise, line);
    }

    private void simpleLine(List<Stmt> body) {
        do {
            body.add(simpleStatement());
        } while (accept(";") && !at(Kind.NEWLINE));
        expect(Kind.NEWLINE, "end of line");
    }

    private Stmt simpleStatement() {
        int line = peek().line();
        if (accept("pass")) {
            return new Ast.Pass(line);
        } else if (accept("break")) {
            return new Ast.Break(line);
        } else if (accept("continue")) {
            return new Ast.Continue(line);
        } else if (accept("return")) {
            return new Ast.Return(atExpression() ? testList() : null, line);
        } else if (accept("raise")) {
            return new Ast.Raise(atExpression() ? test() : null, line);
        } else if (accept("assert")) {
            Expr condition = test();
            return new Ast.Assert(condition, accept(",") ? test() : null, line);
        }
        Expr first = testList();
        if (accept(":")) {
            String annotation = type();
            return new Ast.AnnAssign(
                    target(first, line), annotation, accept("=") ? testList() : null, line);
        }
        if (at(Kind.OP) && AUGMENTED.contains(peek().text())) {
            String op = next().text();
            return new Ast.AugAssign(
                    target(first, line), op.substring(0, op.length() - 1), testList(), line);
        }
        if (!at("=")) {
            return new Ast.ExprStmt(first, line);
        }
        List<Expr> targets = new ArrayList<>(List.of(target(first, line)));
        Expr value = null;
        while (accept("=")) {
            if (value != null) {
                targets.add(target(value, line));
            }
            value = testList();
        }
        return new Ast.Assign(targets, value, line);
    }

    private Expr target(Expr target, int line) {
        if (target instanceof Ast.TupleExpr tuple) {
            tuple.items().forEach(item -> target(item, line));
        } else if (target instanceof Ast.ListExpr list) {
            list.items().forEach(item -> target(item, line));
        } else if (!(target instanceof Ast.Name
                || target instanceof Ast.Attribute
                || target instanceof Ast.Subscript)) {
            throw error(line, "cannot assign to " + target.getClass().getSimpleName());
        }
        return target;
    }

    private Expr forTarget() {
        return commaSeparated(this::bitOr, "in");
    }

    /**
     * One item, or a tuple of items separated by commas (a trailing one allowed) before {@code
     * end}.
     */
    private Expr commaSeparated(Supplier<Expr> item, String end) {
        List<Expr> items = new ArrayList<>(List.of(item.get()));
        boolean tuple = false;
        while (accept(",")) {
            tuple = true;
            if (at(end)) {
                break;
            }
            items.add(item.get());
        }
        return tuple ? new Ast.TupleExpr(items) : items.get(0);
    }

    /**
     * A type as normalised text: {@code Dict[str, Tensor]}, {@code __torch__.a.B}, {@code
     * Tuple[()]}.
     */
    private String type() {
        StringBuilder text = new StringBuilder();
        type(text);
        return text.toString();
    }

    private void type(StringBuilder text) {
        if (accept("(")) {
            expect(")");
            text.append("()");
            return;
        }
        if (!at(Kind.NAME) || RESERVED.contains(peek().text()) && !at("None")) {
            throw error("a type");
        }
        text.append(next().text());
        while (accept(".")) {
            text.append('.').append(attributeName());
        }
        if (accept("[")) {
            text.append('[');
            type(text);
            while (accept(",") && !at("]")) {
                text.append(", ");
                type(text);
            }
            expect("]");
            text.append(']');
        }
    }

    // Expressions, loosest first.

    private Expr testList() {
        Expr first = test();
        if (!at(",")) {
            return first;
        }
        List<Expr> items = new ArrayList<>(List.of(first));
        while (accept(",") && atExpression()) {
            items.add(test());
        }
        return new Ast.TupleExpr(items);
    }

    private Expr test() {
        Expr then = orTest();
        if (!accept("if")) {
            return then;
        }
        Expr condition = orTest();
        expect("else");
        return new Ast.IfExpr(condition, then, test());
    }

    private Expr orTest() {
        return binary(this::andTest, List.of("or"));
    }

    private Expr andTest() {
        return binary(this::notTest, List.of("and"));
    }

    private Expr notTest() {
        return accept("not") ? new Ast.Unary("not", notTest()) : comparison();
    }

    /** {@code a < b < c} becomes {@code a < b and b < c}. */
    private Expr comparison() {
        Expr left = bitOr();
        Expr result = null;
        for (String op; (op = comparisonOperator()) != null; ) {
            Expr right = bitOr();
            Expr compare = new Ast.Binary(op, left, right);
            result = result == null ? compare : new Ast.Binary("and", result, compare);
            left = right;
        }
        return result == null ? left : result;
    }

    private String comparisonOperator() {
        if (at("not") && peek(1).text().equals("in")) {
            index += 2;
            return "not in";
        } else if (accept("is")) {
            return accept("not") ? "is not" : "is";
        } else if (accept("in")) {
            return "in";
        }
        return at(Kind.OP) && COMPARISONS.contains(peek().text()) ? next().text() : null;
    }

    private Expr bitOr() {
        return arithmetic(0);
    }

    /** The operators of {@link #ARITHMETIC} from {@code level} on. */
    private Expr arithmetic(int level) {
        return level == ARITHMETIC.size()
                ? factor()
                : binary(() -> arithmetic(level + 1), ARITHMETIC.get(level));
    }

    private Expr factor() {
        for (String op : List.of("-", "+", "~")) {
            if (accept(op)) {
                return new Ast.Unary(op, factor());
            }
        }
        Expr base = primary();
        return accept("**") ? new Ast.Binary("**", base, factor()) : base;
    }

    /** Left-associative {@code operand (op operand)*}. */
    private Expr binary(Supplier<Expr> operand, List<String> ops) {
        Expr left = operand.get();
        for (String op = acceptAny(ops); op != null; op = acceptAny(ops)) {
            left = new Ast.Binary(op, left, operand.get());
        }
        return left;
    }

    private String acceptAny(List<String> ops) {
        for (String op : ops) {
            if (accept(op)) {
                return op;
            }
        }
        return null;
    }

    private Expr primary() {
        Expr expr = atom();
        while (true) {
            if (accept("(")) {
                expr = call(expr);
            } else if (accept(".")) {
                expr = new Ast.Attribute(expr, attributeName());
            } else if (accept("[")) {
                expr = new Ast.Subscript(expr, subscript());
            } else {
                return expr;
            }
        }
    }

    private Expr call(Expr function) {
        List<Expr> args = new ArrayList<>();
        Map<String, Expr> kwargs = new LinkedHashMap<>();
        while (!accept(")")) {
            if (at(Kind.NAME) && peek(1).kind() == Kind.OP && peek(1).text().equals("=")) {
                Token keyword = next();
                next();
                if (kwargs.put(keyword.text(), test()) != null) {
                    throw error(
                            keyword.line(), "repeated keyword argument '" + keyword.text() + "'");
                }
            } else {
                args.add(test());
            }
            if (!accept(",")) {
                expect(")");
                break;
            }
        }
        return new Ast.Call(function, args, kwargs);
    }

    private Expr subscript() {
        Expr index = commaSeparated(this::subscriptItem, "]");
        expect("]");
        return index;
    }

    private Expr subscriptItem() {
        Expr lower = at(":") ? null : test();
        if (!accept(":")) {
            return lower;
        }
        Expr upper = atSliceEnd() ? null : test();
        Expr step = accept(":") && !atSliceEnd() ? test() : null;
        return new Ast.Slice(lower, upper, step);
    }

    private boolean atSliceEnd() {
        return at(":") || at(",") || at("]");
    }

    private Expr atom() {
        Token token = peek();
        switch (token.kind()) {
            case INT, FLOAT -> {
                return new Ast.Const(next().value());
            }
            case STRING -> {
                StringBuilder text = new StringBuilder();
                while (at(Kind.STRING)) {
                    text.append((String) next().value()); // "a" "b" is "ab"
                }
                return new Ast.Const(text.toString());
            }
            case NAME -> {
                switch (token.text()) {
                    case "True", "False" -> {
                        return new Ast.Const(Boolean.valueOf(next().text()));
                    }
                    case "None" -> {
                        next();
                        return new Ast.Const(Ast.Const.NONE);
                    }
                    default -> {
                        if (!RESERVED.contains(token.text())) {
                            return new Ast.Name(next().text());
                        }
                    }
                }
            }
            case OP -> {
                switch (token.text()) {
                    case "(" -> {
                        next();
                        return parenthesised();
                    }
                    case "[" -> {
                        next();
                        return new Ast.ListExpr(items("]"));
                    }
                    case "{" -> {
                        next();
                        return dict();
                    }
                    case "..." -> {
                        next();
                        return new Ast.EllipsisExpr();
                    }
                    default -> {}
                }
            }
            default -> {}
        }
        throw error("an expression");
    }

    private Expr parenthesised() {
        if (accept(")")) {
            return new Ast.TupleExpr(List.of());
        }
        Expr first = test();
        if (!accept(",")) {
            expect(")");
            return first;
        }
        List<Expr> items = new ArrayList<>(List.of(first));
        items.addAll(items(")"));
        return new Ast.TupleExpr(items);
    }

    /** Comma-separated expressions up to {@code close}, a trailing comma allowed. */
    private List<Expr> items(String close) {
        List<Expr> items = new ArrayList<>();
        while (!accept(close)) {
            items.add(test());
            if (!accept(",")) {
                expect(close);
                break;
            }
        }
        return items;
    }

    private Expr dict() {
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (!accept("}")) {
            keys.add(test());
            expect(":");
            values.add(test());
            if (!accept(",")) {
                expect("}");
                break;
            }
        }
        return new Ast.DictExpr(keys, values);
    }

    // Tokens.

    private boolean atExpression() {
        Token token = peek();
        return switch (token.kind()) {
            case INT, FLOAT, STRING -> true;
            case NAME ->
                    !RESERVED.contains(token.text()) || EXPRESSION_STARTS.contains(token.text());
            case OP -> EXPRESSION_STARTS.contains(token.text());
            default -> false;
        };
    }

    private String name() {
        if (!at(Kind.NAME) || RESERVED.contains(peek().text())) {
            throw error("a name");
        }
        return next().text();
    }

    /** After a dot any word will do: {@code ops.aten.is}. */
    private String attributeName() {
        if (!at(Kind.NAME)) {
            throw error("a name");
        }
        return next().text();
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token token = peek();
        if (token.kind() != Kind.EOF) {
            index++;
        }
        return token;
    }

    private boolean at(Kind kind) {
        return peek().kind() == kind;
    }

    /** At an operator or word (a keyword or name) spelled {@code text}. */
    private boolean at(String text) {
        Token token = peek();
        return (token.kind() == Kind.OP || token.kind() == Kind.NAME) && token.text().equals(text);
    }

    private boolean accept(Kind kind) {
        if (!at(kind)) {
            return false;
        }
        next();
        return true;
    }

    private boolean accept(String text) {
        if (!at(text)) {
            return false;
        }
        next();
        return true;
    }

    private Token expect(String text) {
        if (!at(text)) {
            throw error("'" + text + "'");
        }
        return next();
    }

    private void expect(Kind kind, String what) {
        if (!accept(kind)) {
            throw error(what);
        }
    }

    private IllegalArgumentException error(String expected) {
        return error(peek().line(), "expected " + expected + " but found " + peek().describe());
    }

    private IllegalArgumentException error(int line, String message) {
        return syntaxError(path, line, message);
    }

    private static IllegalArgumentException syntaxError(String path, int line, String message) {
        return new IllegalArgumentException(path + ":" + line + ": " + message);
    }

    private enum Kind {
        NAME,
        INT,
        FLOAT,
        STRING,
        OP,
        NEWLINE,
        INDENT,
        DEDENT,
        EOF
    }

    /** A token: its kind, source text, value (Long, Double or String for literals) and line. */
    private record Token(Kind kind, String text, Object value, int line) {
        String describe() {
            return switch (kind) {
                case NEWLINE -> "end of line";
                case INDENT -> "an indent";
                case DEDENT -> "a dedent";
                case EOF -> "end of file";
                default -> "'" + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "'";
            };
        }
    }

    /**
     * Splits source into tokens, with NEWLINE ending each logical line and INDENT/DEDENT around
     * blocks.
     */
    private static final class Lexer {
        private static final List<String> LONG_OPERATORS =
                List.of(
                        "**=", "//=", ">>=", "<<=", "...", "->", "**", "//", "<<", ">>", "<=", ">=",
                        "==", "!=", "+=", "-=", "*=", "/=", "%=", "@=", "&=", "|=", "^=");
        private static final String OPERATORS = "()[]{}:,.;@=+-*/%<>&|^~";
        private static final Set<String> STRING_PREFIXES =
                Set.of("r", "u", "b", "f", "rb", "br", "fr", "rf");

        private final String path;
        private final String src;
        private final List<Token> tokens = new ArrayList<>();
        private final Deque<Integer> indents = new ArrayDeque<>(List.of(0));
        private int pos;
        private int line = 1;
        private int depth;

        Lexer(String path, String src) {
            this.path = path;
            this.src = src;
        }

        List<Token> tokenize() {
            boolean lineStart = true;
            while (pos < src.length()) {
                if (lineStart && depth == 0) {
                    int column = indentation();
                    if (pos == src.length()) {
                        break;
                    } else if (src.charAt(pos) == '#' || newline(pos) > 0) { // a blank line
                        skipComment();
                        pos += newline(pos);
                        line++;
                    } else {
                        indent(column);
                        lineStart = false;
                    }
                    continue;
                }
                char c = src.charAt(pos);
                if (newline(pos) > 0) {
                    if (depth == 0) {
                        add(Kind.NEWLINE, "", null);
                        lineStart = true;
                    }
                    pos += newline(pos);
                    line++;
                } else if (c == ' ' || c == '\t' || c == '\f') {
                    pos++;
                } else if (c == '#') {
                    skipComment();
                } else if (c == '\\' && newline(pos + 1) > 0) {
                    pos += 1 + newline(pos + 1);
                    line++;
                } else if (isDigit(pos) || c == '.' && isDigit(pos + 1)) {
                    number();
                } else if (Character.isLetter(c) || c == '_') {
                    word();
                } else if (c == '"' || c == '\'') {
                    string(pos, false);
                } else {
                    operator();
                }
            }
            if (!tokens.isEmpty()) { // errors at the end of the file name its last line
                line = tokens.get(tokens.size() - 1).line();
            }
            if (!tokens.isEmpty() && tokens.get(tokens.size() - 1).kind() != Kind.NEWLINE) {
                add(Kind.NEWLINE, "", null);
            }
            for (; indents.peek() > 0; indents.pop()) {
                add(Kind.DEDENT, "", null);
            }
            add(Kind.EOF, "", null);
            return tokens;
        }

        private int indentation() {
            int column = 0;
            for (char c;
                    pos < src.length() && ((c = src.charAt(pos)) == ' ' || c == '\t' || c == '\f');
                    pos++) {
                column = c == ' ' ? column + 1 : c == '\t' ? column / 8 * 8 + 8 : 0;
            }
            return column;
        }

        private void indent(int column) {
            if (column > indents.peek()) {
                indents.push(column);
                add(Kind.INDENT, "", null);
                return;
            }
            for (; column < indents.peek(); indents.pop()) {
                add(Kind.DEDENT, "", null);
            }
            if (column != indents.peek()) {
                throw syntaxError(
                        path, line, "unindent does not match any outer indentation level");
            }
        }

        private void skipComment() {
            while (pos < src.length() && newline(pos) == 0) {
                pos++;
            }
        }

        /** The length of the line break at {@code at}, 0 if none. */
        private int newline(int at) {
            if (at >= src.length()) {
                return 0;
            }
            char c = src.charAt(at);
            return c == '\n'
                    ? 1
                    : c != '\r' ? 0 : at + 1 < src.length() && src.charAt(at + 1) == '\n' ? 2 : 1;
        }

        private boolean isDigit(int at) {
            return at < src.length() && src.charAt(at) >= '0' && src.charAt(at) <= '9';
        }

        private void number() {
            int start = pos;
            if (src.startsWith("0", pos)
                    && pos + 1 < src.length()
                    && "xXoObB".indexOf(src.charAt(pos + 1)) >= 0) {
                int radix =
                        switch (Character.toLowerCase(src.charAt(pos + 1))) {
                            case 'x' -> 16;
                            case 'o' -> 8;
                            default -> 2;
                        };
                pos += 2;
                while (pos < src.length()
                        && (Character.digit(src.charAt(pos), radix) >= 0
                                || src.charAt(pos) == '_')) {
                    pos++;
                }
                integer(start, src.substring(start + 2, pos), radix);
                return;
            }
            boolean isFloat = false;
            digits();
            if (pos < src.length() && src.charAt(pos) == '.') {
                isFloat = true;
                pos++;
                digits();
            }
            if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
                int sign = pos + 1 < src.length() && "+-".indexOf(src.charAt(pos + 1)) >= 0 ? 1 : 0;
                if (isDigit(pos + 1 + sign)) {
                    isFloat = true;
                    pos += 1 + sign;
                    digits();
                }
            }
            String text = src.substring(start, pos);
            if (isFloat) {
                add(Kind.FLOAT, text, Double.parseDouble(text.replace("_", "")));
            } else {
                integer(start, text, 10);
            }
        }

        private void digits() {
            while (isDigit(pos) || pos < src.length() && src.charAt(pos) == '_') {
                pos++;
            }
        }

        private void integer(int start, String digits, int radix) {
            try {
                add(
                        Kind.INT,
                        src.substring(start, pos),
                        Long.parseLong(digits.replace("_", ""), radix));
            } catch (NumberFormatException e) {
                throw syntaxError(
                        path, line, "invalid integer '" + src.substring(start, pos) + "'");
            }
        }

        private void word() {
            int start = pos;
            while (pos < src.length()
                    && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            String word = src.substring(start, pos);
            boolean quote =
                    pos < src.length() && (src.charAt(pos) == '"' || src.charAt(pos) == '\'');
            if (quote && STRING_PREFIXES.contains(word.toLowerCase())) {
                string(start, word.toLowerCase().contains("r"));
            } else {
                add(Kind.NAME, word, null);
            }
        }

        /**
         * A quoted or triple-quoted string starting at {@code pos}, its prefix (if any) at {@code
         * start}.
         */
        private void string(int start, boolean raw) {
            int startLine = line;
            String quote = src.substring(pos, pos + 1);
            boolean triple = src.startsWith(quote.repeat(3), pos);
            String end = triple ? quote.repeat(3) : quote;
            pos += end.length();
            StringBuilder value = new StringBuilder();
            while (!src.startsWith(end, pos)) {
                int newline = newline(pos);
                if (pos >= src.length() || newline > 0 && !triple) {
                    throw syntaxError(path, startLine, "unterminated string");
                } else if (newline > 0) {
                    value.append('\n');
                    pos += newline;
                    line++;
                } else if (src.charAt(pos) == '\\' && pos + 1 < src.length() && !raw) {
                    escape(value);
                } else {
                    boolean escapedQuote =
                            raw && src.charAt(pos) == '\\' && src.startsWith(quote, pos + 1);
                    value.append(src, pos, pos + (escapedQuote ? 2 : 1));
                    pos += escapedQuote ? 2 : 1;
                }
            }
            pos += end.length();
            tokens.add(
                    new Token(Kind.STRING, src.substring(start, pos), value.toString(), startLine));
        }

        private void escape(StringBuilder value) {
            char c = src.charAt(pos + 1);
            pos += 2;
            switch (c) {
                case 'n' -> value.append('\n');
                case 't' -> value.append('\t');
                case 'r' -> value.append('\r');
                case 'a' -> value.append('\u0007');
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'v' -> value.append('\u000b');
                case 'x' -> value.appendCodePoint(code(2, 16));
                case 'u' -> value.appendCodePoint(code(4, 16));
                case 'U' -> value.appendCodePoint(code(8, 16));
                case '\\', '\'', '"' -> value.append(c);
                case '\r', '\n' -> { // a backslash-newline inside a string is no character
                    pos += newline(pos - 1) - 1;
                    line++;
                }
                default -> {
                    if (c >= '0' && c <= '7') {
                        pos--;
                        int digits = 1;
                        while (digits < 3
                                && pos + digits < src.length()
                                && src.charAt(pos + digits) >= '0'
                                && src.charAt(pos + digits) <= '7') {
                            digits++;
                        }
                        value.appendCodePoint(code(digits, 8));
                    } else {
                        value.append('\\').append(c);
                    }
                }
            }
        }

        private int code(int digits, int radix) {
            try {
                int code = Integer.parseUnsignedInt(src.substring(pos, pos + digits), radix);
                if (Character.isValidCodePoint(code) && src.charAt(pos) != '+') {
                    pos += digits;
                    return code;
                }
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                // reported below
            }
            throw syntaxError(path, line, "invalid escape in string");
        }

        private void operator() {
            for (String op : LONG_OPERATORS) {
                if (src.startsWith(op, pos)) {
                    add(Kind.OP, op, null);
                    pos += op.length();
                    return;
                }
            }
            char c = src.charAt(pos);
            if (OPERATORS.indexOf(c) < 0) {
                throw syntaxError(path, line, "unexpected character '" + c + "'");
            }
            if ("([{".indexOf(c) >= 0) {
                depth++;
            } else if (")]}".indexOf(c) >= 0 && depth > 0) {
                depth--;
            }
            add(Kind.OP, String.valueOf(c), null);
            pos++;
        }

        private void add(Kind kind, String text, Object value) {
            tokens.add(new Token(kind, text, value, line));
        }
    }
}
