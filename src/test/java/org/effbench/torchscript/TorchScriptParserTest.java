package org.effbench.torchscript;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.effbench.torchscript.Ast.AnnAssign;
import org.effbench.torchscript.Ast.Assign;
import org.effbench.torchscript.Ast.Attribute;
import org.effbench.torchscript.Ast.Binary;
import org.effbench.torchscript.Ast.Call;
import org.effbench.torchscript.Ast.ClassDef;
import org.effbench.torchscript.Ast.Const;
import org.effbench.torchscript.Ast.EllipsisExpr;
import org.effbench.torchscript.Ast.Expr;
import org.effbench.torchscript.Ast.Field;
import org.effbench.torchscript.Ast.For;
import org.effbench.torchscript.Ast.FunctionDef;
import org.effbench.torchscript.Ast.If;
import org.effbench.torchscript.Ast.ListExpr;
import org.effbench.torchscript.Ast.Name;
import org.effbench.torchscript.Ast.Param;
import org.effbench.torchscript.Ast.Return;
import org.effbench.torchscript.Ast.Slice;
import org.effbench.torchscript.Ast.SourceFile;
import org.effbench.torchscript.Ast.Stmt;
import org.effbench.torchscript.Ast.Subscript;
import org.effbench.torchscript.Ast.TupleExpr;
import org.effbench.torchscript.Ast.Unary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TorchScriptParserTest {

    private static final String SCRIPTED =
            """
            class ConvTranspose2d(Module):
              __parameters__ = ["weight", "bias", ]
              __buffers__ = []
              weight : Tensor
              bias : Optional[Tensor]
              training : bool
              _is_full_backward_hook : NoneType
              transposed : bool
              _reversed_padding_repeated_twice : List[int]
              out_channels : Final[int] = 6
              stride : Final[Tuple[int, int]] = (2, 2)
              padding_mode : Final[str] = "zeros"
              def forward(self: __torch__.torch.nn.modules.conv.___torch_mangle_132.ConvTranspose2d,
                input: Tensor,
                output_size: Optional[List[int]]=None) -> Tensor:
                output_padding = (self)._output_padding(input, output_size, [2, 2], [1, 1], [3, 3], 2, [1, 1], )
                weight = self.weight
                bias = self.bias
                _0 = torch.conv_transpose2d(input, weight, bias, [2, 2], [1, 1], output_padding, 1, [1, 1])
                return _0
              def _output_padding(self: __torch__.torch.nn.modules.conv.___torch_mangle_132.ConvTranspose2d,
                input: Tensor,
                output_size: Optional[List[int]],
                stride: List[int],
                padding: List[int],
                kernel_size: List[int],
                num_spatial_dims: int,
                dilation: Optional[List[int]]=None) -> List[int]:
                _1 = "ConvTranspose{}D: for {}D input, output_size must have {} or {} elements (got {})"
                if torch.__is__(output_size, None):
                  ret = [1, 1]
                else:
                  output_size0 = unchecked_cast(List[int], output_size)
                  has_batch_dim = torch.eq(torch.dim(input), torch.add(num_spatial_dims, 2))
                  if has_batch_dim:
                    num_non_spatial_dims = 2
                  else:
                    num_non_spatial_dims = 1
                  min_sizes = annotate(List[int], [])
                  dilation0: Optional[List[int]] = dilation
                  for d in range(num_spatial_dims):
                    _9 = torch.add(d, num_non_spatial_dims)
                    _10 = torch.sub(torch.size(input, _9), 1)
                    _12 = torch.__isnot__(dilation0, None)
                    if _12:
                      dilation2 = unchecked_cast(List[int], dilation0)
                      _13, dilation1 = dilation2[d], dilation2
                    else:
                      _13, dilation1 = 1, dilation0
                    _15 = torch.append(min_sizes, _10)
                    dilation0 = dilation1
                  ret = min_sizes
                return ret
            """;

    private static final String TRACED =
            """
            class BasicBlock(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              _is_full_backward_hook : Optional[bool]
              conv1 : __torch__.torch.nn.modules.conv.___torch_mangle_0.Conv2d
              __annotations__["0"] = __torch__.torch.nn.modules.linear.Linear
              def forward(self: __torch__.torchvision.models.resnet.BasicBlock,
                argument_1: Tensor) -> Tensor:
                conv1 = self.conv1
                _4 = (bn1).forward((conv1).forward(argument_1, ), )
                input = torch.add_((bn2).forward(_5, ), argument_1)
                _0 = torch._convolution(x, weight, None, [2, 2], [3, 3], [1, 1], False, [0, 0], 1, False, False, True, True)
                input0 = torch.batch_norm(argument_1, weight, bias, running_mean, running_var, False, 0.10000000000000001, 1.0000000000000001e-05, True)
                return (relu).forward1(input, )
            """;

    @Test
    void parsesAScriptedClass() {
        SourceFile file = TorchScriptParser.parse("code/__torch__/conv.py", SCRIPTED);

        assertThat(file.path()).isEqualTo("code/__torch__/conv.py");
        assertThat(file.functions()).isEmpty();
        ClassDef conv = file.classes().get(0);
        assertThat(conv.name()).isEqualTo("ConvTranspose2d");
        assertThat(conv.bases()).containsExactly("Module");
        assertThat(conv.line()).isEqualTo(1);
        assertThat(conv.fields())
                .containsExactly(
                        new Field(
                                "__parameters__",
                                null,
                                new ListExpr(List.of(c("weight"), c("bias")))),
                        new Field("__buffers__", null, new ListExpr(List.of())),
                        new Field("weight", "Tensor", null),
                        new Field("bias", "Optional[Tensor]", null),
                        new Field("training", "bool", null),
                        new Field("_is_full_backward_hook", "NoneType", null),
                        new Field("transposed", "bool", null),
                        new Field("_reversed_padding_repeated_twice", "List[int]", null),
                        new Field("out_channels", "Final[int]", c(6L)),
                        new Field("stride", "Final[Tuple[int, int]]", tuple(c(2L), c(2L))),
                        new Field("padding_mode", "Final[str]", c("zeros")));
        assertThat(conv.methods())
                .extracting(FunctionDef::name)
                .containsExactly("forward", "_output_padding");

        FunctionDef forward = conv.methods().get(0);
        assertThat(forward.line()).isEqualTo(13);
        assertThat(forward.returns()).isEqualTo("Tensor");
        assertThat(forward.params())
                .containsExactly(
                        new Param(
                                "self",
                                "__torch__.torch.nn.modules.conv.___torch_mangle_132.ConvTranspose2d",
                                null),
                        new Param("input", "Tensor", null),
                        new Param("output_size", "Optional[List[int]]", new Const(Const.NONE)));
        assertThat(forward.body()).hasSize(5);
        assertThat(forward.body().get(0))
                .isEqualTo(
                        new Assign(
                                List.of(n("output_padding")),
                                call(
                                        attr(n("self"), "_output_padding"),
                                        n("input"),
                                        n("output_size"),
                                        list(c(2L), c(2L)),
                                        list(c(1L), c(1L)),
                                        list(c(3L), c(3L)),
                                        c(2L),
                                        list(c(1L), c(1L))),
                                16));
        assertThat(forward.body().get(1))
                .isEqualTo(new Assign(List.of(n("weight")), attr(n("self"), "weight"), 17));
        assertThat(forward.body().get(4)).isEqualTo(new Return(n("_0"), 20));

        FunctionDef padding = conv.methods().get(1);
        assertThat(padding.returns()).isEqualTo("List[int]");
        assertThat(padding.params())
                .extracting(Param::name)
                .containsExactly(
                        "self",
                        "input",
                        "output_size",
                        "stride",
                        "padding",
                        "kernel_size",
                        "num_spatial_dims",
                        "dilation");
        assertThat(padding.params().get(7))
                .isEqualTo(new Param("dilation", "Optional[List[int]]", c(null)));
        assertThat(padding.body()).hasSize(3);
        If isNone = (If) padding.body().get(1);
        assertThat(isNone.line()).isEqualTo(30);
        assertThat(isNone.condition())
                .isEqualTo(call(attr(n("torch"), "__is__"), n("output_size"), c(null)));
        assertThat(isNone.then())
                .containsExactly(new Assign(List.of(n("ret")), list(c(1L), c(1L)), 31));
        List<Stmt> otherwise = isNone.otherwise();
        assertThat(otherwise).hasSize(7);
        assertThat(otherwise.get(0))
                .isEqualTo(
                        new Assign(
                                List.of(n("output_size0")),
                                call(
                                        n("unchecked_cast"),
                                        new Subscript(n("List"), n("int")),
                                        n("output_size")),
                                33));
        If batch = (If) otherwise.get(2);
        assertThat(batch.then())
                .containsExactly(new Assign(List.of(n("num_non_spatial_dims")), c(2L), 36));
        assertThat(batch.otherwise())
                .containsExactly(new Assign(List.of(n("num_non_spatial_dims")), c(1L), 38));
        assertThat(otherwise.get(3))
                .isEqualTo(
                        new Assign(
                                List.of(n("min_sizes")),
                                call(n("annotate"), new Subscript(n("List"), n("int")), list()),
                                39));
        assertThat(otherwise.get(4))
                .isEqualTo(new AnnAssign(n("dilation0"), "Optional[List[int]]", n("dilation"), 40));

        For loop = (For) otherwise.get(5);
        assertThat(loop.line()).isEqualTo(41);
        assertThat(loop.target()).isEqualTo(n("d"));
        assertThat(loop.iterable()).isEqualTo(call(n("range"), n("num_spatial_dims")));
        assertThat(loop.body()).hasSize(6);
        If dilated = (If) loop.body().get(3);
        assertThat(dilated.condition()).isEqualTo(n("_12"));
        assertThat(dilated.then().get(1))
                .isEqualTo(
                        new Assign(
                                List.of(tuple(n("_13"), n("dilation1"))),
                                tuple(new Subscript(n("dilation2"), n("d")), n("dilation2")),
                                47));
        assertThat(dilated.otherwise())
                .containsExactly(
                        new Assign(
                                List.of(tuple(n("_13"), n("dilation1"))),
                                tuple(c(1L), n("dilation0")),
                                49));
        assertThat(loop.body().get(5))
                .isEqualTo(new Assign(List.of(n("dilation0")), n("dilation1"), 51));
        assertThat(otherwise.get(6)).isEqualTo(new Assign(List.of(n("ret")), n("min_sizes"), 52));
        assertThat(padding.body().get(2)).isEqualTo(new Return(n("ret"), 53));
    }

    @Test
    void parsesATracedClass() {
        ClassDef block =
                TorchScriptParser.parse("code/__torch__/resnet.py", TRACED).classes().get(0);

        assertThat(block.name()).isEqualTo("BasicBlock");
        assertThat(block.fields())
                .contains(
                        new Field("_is_full_backward_hook", "Optional[bool]", null),
                        new Field(
                                "conv1",
                                "__torch__.torch.nn.modules.conv.___torch_mangle_0.Conv2d",
                                null),
                        new Field("0", "__torch__.torch.nn.modules.linear.Linear", null));
        List<Stmt> body = block.methods().get(0).body();
        assertThat(body).hasSize(6);
        assertThat(body.get(1))
                .isEqualTo(
                        new Assign(
                                List.of(n("_4")),
                                call(
                                        attr(n("bn1"), "forward"),
                                        call(attr(n("conv1"), "forward"), n("argument_1"))),
                                11));
        Call convolution = (Call) ((Assign) body.get(3)).value();
        assertThat(convolution.function()).isEqualTo(attr(n("torch"), "_convolution"));
        assertThat(convolution.args()).hasSize(13).element(2).isEqualTo(c(null));
        assertThat(convolution.args().get(6)).isEqualTo(c(false));
        Call batchNorm = (Call) ((Assign) body.get(4)).value();
        assertThat(batchNorm.args().subList(6, 9))
                .containsExactly(c(0.10000000000000001), c(1.0000000000000001e-05), c(true));
        assertThat(body.get(5))
                .isEqualTo(new Return(call(attr(n("relu"), "forward1"), n("input")), 15));
    }

    @Test
    void followsPythonPrecedence() {
        assertThat(expr("a + b * c")).isEqualTo(bin("+", n("a"), bin("*", n("b"), n("c"))));
        assertThat(expr("a - b - c")).isEqualTo(bin("-", bin("-", n("a"), n("b")), n("c")));
        assertThat(expr("a + \\\n    b")).isEqualTo(bin("+", n("a"), n("b")));
        assertThat(expr("-x ** 2")).isEqualTo(new Unary("-", bin("**", n("x"), c(2L))));
        assertThat(expr("2 ** 3 ** -1"))
                .isEqualTo(bin("**", c(2L), bin("**", c(3L), new Unary("-", c(1L)))));
        assertThat(expr("not a == b")).isEqualTo(new Unary("not", bin("==", n("a"), n("b"))));
        assertThat(expr("a or b and not c"))
                .isEqualTo(bin("or", n("a"), bin("and", n("b"), new Unary("not", n("c")))));
        assertThat(expr("a if c else b")).isEqualTo(new Ast.IfExpr(n("c"), n("a"), n("b")));
        assertThat(expr("a | b ^ c & d << e + f"))
                .isEqualTo(
                        bin(
                                "|",
                                n("a"),
                                bin(
                                        "^",
                                        n("b"),
                                        bin(
                                                "&",
                                                n("c"),
                                                bin("<<", n("d"), bin("+", n("e"), n("f")))))));
        assertThat(expr("a < b <= c"))
                .isEqualTo(bin("and", bin("<", n("a"), n("b")), bin("<=", n("b"), n("c"))));
        assertThat(expr("a is not None")).isEqualTo(bin("is not", n("a"), c(null)));
        assertThat(expr("a not in b")).isEqualTo(bin("not in", n("a"), n("b")));
        assertThat(expr("~a // b % c @ d"))
                .isEqualTo(
                        bin(
                                "@",
                                bin("%", bin("//", new Unary("~", n("a")), n("b")), n("c")),
                                n("d")));
        assertThat(expr("x[:, 1:3]"))
                .isEqualTo(
                        new Subscript(
                                n("x"),
                                tuple(new Slice(null, null, null), new Slice(c(1L), c(3L), null))));
        assertThat(expr("x[..., 0]"))
                .isEqualTo(new Subscript(n("x"), tuple(new EllipsisExpr(), c(0L))));
        assertThat(expr("x[::2]")).isEqualTo(new Subscript(n("x"), new Slice(null, null, c(2L))));
        assertThat(expr("(torch.size(x2))[0]"))
                .isEqualTo(new Subscript(call(attr(n("torch"), "size"), n("x2")), c(0L)));
        assertThat(expr("getattr(self, \"0\").forward"))
                .isEqualTo(attr(call(n("getattr"), n("self"), c("0")), "forward"));
    }

    @Test
    void parsesEveryStatement() {
        List<Stmt> body =
                TorchScriptParser.parse(
                                "t.py",
                                """
                import torch
                from typing import List
                op_version_set = 1
                @torch.jit.export
                def f(x, y=2., z: List[int]=[1, 1, ]):
                  # a comment

                  a = b = self.c = x[0]
                  q, k, v, = _9
                  x += 1
                  if a: pass
                  elif b:
                    raise
                  else:
                    raise ValueError("no")
                  while a < b:
                    break
                  for i, x in enumerate(xs):
                    continue
                  with torch.no_grad() as g:
                    assert a, "msg"
                  with ctx: x = f(a,
                      b, key=v, )
                  return a, b
                """)
                        .functions()
                        .get(0)
                        .body();

        assertThat(body)
                .containsExactly(
                        new Assign(
                                List.of(n("a"), n("b"), attr(n("self"), "c")),
                                new Subscript(n("x"), c(0L)),
                                8),
                        new Assign(List.of(tuple(n("q"), n("k"), n("v"))), n("_9"), 9),
                        new Ast.AugAssign(n("x"), "+", c(1L), 10),
                        new If(
                                n("a"),
                                List.of(new Ast.Pass(11)),
                                List.of(
                                        new If(
                                                n("b"),
                                                List.of(new Ast.Raise(null, 13)),
                                                List.of(
                                                        new Ast.Raise(
                                                                call(n("ValueError"), c("no")),
                                                                15)),
                                                12)),
                                11),
                        new Ast.While(bin("<", n("a"), n("b")), List.of(new Ast.Break(17)), 16),
                        new For(
                                tuple(n("i"), n("x")),
                                call(n("enumerate"), n("xs")),
                                List.of(new Ast.Continue(19)),
                                18),
                        new Ast.With(
                                call(attr(n("torch"), "no_grad")),
                                "g",
                                List.of(new Ast.Assert(n("a"), c("msg"), 21)),
                                20),
                        new Ast.With(
                                n("ctx"),
                                null,
                                List.of(
                                        new Assign(
                                                List.of(n("x")),
                                                new Call(
                                                        n("f"),
                                                        List.of(n("a"), n("b")),
                                                        Map.of("key", n("v"))),
                                                22)),
                                22),
                        new Return(tuple(n("a"), n("b")), 24));
    }

    @Test
    void parsesDefaultsClassVariantsAndKeywordOrder() {
        SourceFile file =
                TorchScriptParser.parse(
                        "t.py",
                        """
                class Empty(Module): pass
                class Outputs(NamedTuple):
                  logits : Tensor
                  __constants__ = ["a", ]
                  __annotations__['k'] = Dict[str, Tuple[Tensor, Optional[Tensor]]]
                  empty : Final[Tuple[()]] = ()
                def g(a: int=-1) -> Tuple[Tensor, int]:
                  return torch.zeros([1], dtype=6, layout=None, device=torch.device("cpu"), pin_memory=False)
                """);

        assertThat(file.classes()).extracting(ClassDef::name).containsExactly("Empty", "Outputs");
        assertThat(file.classes().get(0).fields()).isEmpty();
        assertThat(file.classes().get(1).fields())
                .containsExactly(
                        new Field("logits", "Tensor", null),
                        new Field("__constants__", null, list(c("a"))),
                        new Field("k", "Dict[str, Tuple[Tensor, Optional[Tensor]]]", null),
                        new Field("empty", "Final[Tuple[()]]", tuple()));
        FunctionDef g = file.functions().get(0);
        assertThat(g.params()).containsExactly(new Param("a", "int", new Unary("-", c(1L))));
        assertThat(g.returns()).isEqualTo("Tuple[Tensor, int]");
        Call zeros = (Call) ((Return) g.body().get(0)).value();
        assertThat(zeros.kwargs()).containsOnlyKeys("dtype", "layout", "device", "pin_memory");
        assertThat(zeros.kwargs().keySet())
                .containsExactly("dtype", "layout", "device", "pin_memory");
        assertThat(zeros.kwargs().get("device"))
                .isEqualTo(call(attr(n("torch"), "device"), c("cpu")));
    }

    @Test
    void readsLiterals() {
        assertThat(expr("2.")).isEqualTo(c(2.0));
        assertThat(expr("0.")).isEqualTo(c(0.0));
        assertThat(expr("1.0000000000000001e-05")).isEqualTo(c(1.0000000000000001e-05));
        assertThat(expr("1e-05")).isEqualTo(c(1e-05));
        assertThat(expr(".5")).isEqualTo(c(0.5));
        assertThat(expr("0x1F")).isEqualTo(c(31L));
        assertThat(expr("9223372036854775807")).isEqualTo(c(Long.MAX_VALUE));
        assertThat(expr("True")).isEqualTo(c(true));
        assertThat(expr("inf")).isEqualTo(n("inf"));
        assertThat(expr("\"a\\n\\t\\\\\\\"\\x41\\u00e9\" 'it\\'s'"))
                .isEqualTo(c("a\n\t\\\"A\u00e9it's"));
        assertThat(expr("'say \"hi\"'")).isEqualTo(c("say \"hi\""));
        assertThat(expr("\"\"\"two\nlines\"\"\"")).isEqualTo(c("two\nlines"));
        assertThat(expr("(a,)")).isEqualTo(tuple(n("a")));
        assertThat(expr("()")).isEqualTo(tuple());
        assertThat(expr("[a, b, ]")).isEqualTo(list(n("a"), n("b")));
        assertThat(expr("{\"a\": x, 1: [], }"))
                .isEqualTo(new Ast.DictExpr(List.of(c("a"), c(1L)), List.of(n("x"), list())));
        assertThat(expr("{}")).isEqualTo(new Ast.DictExpr(List.of(), List.of()));
        assertThat(expr("...")).isEqualTo(new EllipsisExpr());
        assertThat(expr("CONSTANTS.c0")).isEqualTo(attr(n("CONSTANTS"), "c0"));
    }

    @Test
    void reportsErrorsWithTheirLine() {
        assertError(
                """
                class A(Module):
                  def f(self, x: Tensor) -> Tensor:
                    return torch.add(x, 1
                  def g(self):
                    pass
                """,
                "code/__torch__/a.py:4: expected ')' but found 'def'");
        assertError(
                "def f():\n  x = 1\n    y = 2\n",
                "code/__torch__/a.py:3: expected an expression but found an indent");
        assertError(
                "def f():\n    x = 1\n  y = 2\n",
                "code/__torch__/a.py:3: unindent does not match any outer indentation level");
        assertError(
                "def f():\nreturn 1\n",
                "code/__torch__/a.py:2: expected an indented block but found 'return'");
        assertError(
                "def f():\n  if x\n    pass\n",
                "code/__torch__/a.py:2: expected ':' but found end of line");
        assertError(
                "def f():\n  x = = 1\n",
                "code/__torch__/a.py:2: expected an expression but found '='");
        assertError("def f():\n  f(x) = 1\n", "code/__torch__/a.py:2: cannot assign to Call");
        assertError("def f():\n\n  s = \"abc\n", "code/__torch__/a.py:3: unterminated string");
        assertError("def f():\n  x = 1 $ 2\n", "code/__torch__/a.py:2: unexpected character '$'");
        assertError(
                "def f():\n  return [1,\n    2",
                "code/__torch__/a.py:3: expected ']' but found end of line");
        assertError(
                "class A(Module):\n  x : = 1\n",
                "code/__torch__/a.py:2: expected a type but found '='");
        assertError(
                "class A(Module):\n  def (self):\n",
                "code/__torch__/a.py:2: expected a name but found '('");
    }

    static Stream<Path> archives() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/torchscript"))) {
            return files.filter(file -> file.toString().endsWith(".pt")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archives")
    void parsesEveryCodeEntryOfAFixture(Path archive) throws IOException {
        List<SourceFile> files = new ArrayList<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                if ((name.startsWith("code/") || name.contains("/code/")) && name.endsWith(".py")) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        files.add(
                                TorchScriptParser.parse(
                                        name, new String(in.readAllBytes(), UTF_8)));
                    }
                }
            }
        }

        assertThat(files).isNotEmpty();
        assertThat(files.stream().flatMap(file -> file.classes().stream()))
                .anySatisfy(
                        type ->
                                assertThat(type.methods())
                                        .extracting(FunctionDef::name)
                                        .contains("forward"));
    }

    private static void assertError(String source, String message) {
        assertThatThrownBy(() -> TorchScriptParser.parse("code/__torch__/a.py", source))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    private static Expr expr(String source) {
        SourceFile file = TorchScriptParser.parse("t.py", "def f():\n  return " + source + "\n");
        return ((Return) file.functions().get(0).body().get(0)).value();
    }

    private static Name n(String id) {
        return new Name(id);
    }

    /** A constant; null stands for None. */
    private static Const c(Object value) {
        return new Const(value == null ? Const.NONE : value);
    }

    private static Attribute attr(Expr target, String name) {
        return new Attribute(target, name);
    }

    private static Binary bin(String op, Expr left, Expr right) {
        return new Binary(op, left, right);
    }

    private static Call call(Expr function, Expr... args) {
        return new Call(function, Arrays.asList(args), Map.of());
    }

    private static ListExpr list(Expr... items) {
        return new ListExpr(Arrays.asList(items));
    }

    private static TupleExpr tuple(Expr... items) {
        return new TupleExpr(Arrays.asList(items));
    }
}
