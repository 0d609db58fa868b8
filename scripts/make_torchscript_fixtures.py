"""Writes the small TorchScript models the tests load (src/test/resources/torchscript).

Run by scripts/make-torchscript-fixtures.sh with Debian's python3-torch; the files are committed so
tests need no Python. Weights are seeded; each model is traced (or scripted where its name says so)
with the example input its file name documents, and checked to reproduce its eager output.

    /usr/bin/python3 scripts/make_torchscript_fixtures.py OUT_DIR [--force]

A file that already exists is kept (its debug records hold this script's line numbers, so a rewrite
would change its bytes): only new fixtures are written unless --force. The script re-executes itself
with PYTHONHASHSEED=0, so an unchanged script reproduces its files byte for byte.
OUT_DIR/reference.json is always rewritten: per file name

    {"input": "1x8:int64", "export": "trace" | "trace-grad" | "script", "params": N, "macs": N,
     "dtype": "fp32" | "bf16" | "int8" | ... | "mixed" | "" (no products),
     "dtype_macs": {dtype: MACs, ...},
     "note": how they were derived,
     "ops": [the ops called anywhere in the file's code/**/*.py, __setstate__ included: torch.X as
             aten::X, ops.ns.X as ns::X],
     "branches": {"true": N, "false": N}  (only the data-dependent branch fixture),
     "deviation": {...}  (only bf16_saved: its output deviation from its fp32 twin tiny_cnn_fp32, what
                          the deviation command must print; see deviation_reference)}

"trace" is torch.jit.trace under torch.no_grad() (MultiheadAttention and TransformerEncoderLayer then
take their fused fast paths), "trace-grad" with grad enabled, "script" torch.jit.script, "freeze"
torch.jit.freeze of a grad-enabled trace (the weights become constants).

params counts parameter elements once per tensor (model.parameters() skips tied repeats), plus the
weight() and bias() elements packed inside quantized Linear/Conv modules; a frozen file's are its
constants' elements as code_with_constants maps them. macs (1 MAC = one
multiply-accumulate) come from forward hooks of one eager forward with the example input
(scripts/torchvision_reference.py count_hook_macs: Conv out elements x C_in/groups x kernel,
ConvTranspose input elements x C_out/groups x kernel, Linear out elements x in_features,
MultiheadAttention analytically, LSTM/GRU per layer, direction and step, explicit matmul/bmm/einsum
stated by the module's reference_macs) with grad on and off, and are checked against a second count
from the aten ops a TorchDispatchMode sees (count_dispatch_macs). dtype_macs come from that dispatch
count: each product's MACs under the dtype its operands had as the kernel got them (after the casts in
forward and autocast's; a quantized op's weight type: int8), named as results.csv's dtype column names
them (torchvision_reference.dtype_name); dtype is the one name, or "mixed".
"""
import json
import os
import re
import sys
import zipfile
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.dont_write_bytecode = True  # no scripts/__pycache__ from the import below
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torchvision_reference import count_dispatch_macs, count_hook_macs, count_params  # noqa: E402

BF16 = torch.bfloat16


class SmallCnn(nn.Module):
    """Conv 3->8 3x3 pad 1, BN, ReLU, max pool 2, conv 8->16 3x3 stride 2, ReLU, global average, linear 16->10."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
        self.classifier = nn.Linear(16, 10)

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


class TinyAttention(nn.Module):
    """Token embedding 100x32, one self-attention block (4 heads, explicit matmuls), linear 32->2."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(100, 32)
        self.qkv = nn.Linear(32, 96)
        self.out = nn.Linear(32, 32)
        self.head = nn.Linear(32, 2)

    def forward(self, tokens):
        x = self.embed(tokens)
        b, s, d = x.shape
        q, k, v = self.qkv(x).reshape(b, s, 3, 4, d // 4).permute(2, 0, 3, 1, 4)
        weights = torch.softmax(q @ k.transpose(-2, -1) / (d // 4) ** 0.5, dim=-1)
        x = self.out((weights @ v).transpose(1, 2).reshape(b, s, d)) + x
        return self.head(x[:, 0])

    def reference_macs(self, inputs, output):
        """Q K^T and weights V, s*s*d each (all heads); the Linear modules are counted by their hooks."""
        b, s = inputs[0].shape
        return 2 * b * s * s * self.embed.embedding_dim


class TinyLstm(nn.Module):
    """LSTM 16 -> 32, one layer, batch first, then linear 32->4 on the last step."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(16, 32, batch_first=True)
        self.head = nn.Linear(32, 4)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


class TinyEinsum(nn.Module):
    """Projection 16->24 and attention-like mixing over 6 steps, every product an einsum."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(16, 24))

    def forward(self, x):
        h = torch.einsum("bsd,de->bse", x, self.w)
        weights = torch.softmax(torch.einsum("bqe,bke->bqk", h, h), dim=-1)
        return torch.einsum("bqk,bke->bqe", weights, h).mean(1)

    def reference_macs(self, inputs, output):
        """b*s*d*e for the projection, b*s*s*e for each of the two mixing einsums."""
        b, s, d = inputs[0].shape
        e = self.w.shape[1]
        return b * s * d * e + 2 * b * s * s * e


class ThreeLiveTensors(nn.Module):
    """a = 2x, b = a + 1, c = a * b: at the last product a, b and c are alive at once (3 x the input's bytes)."""

    def forward(self, x):
        a = x * 2
        b = a + 1
        c = a * b
        return c.sum(1)


def int8_dynamic_mlp():
    """Linear 16->32, ReLU, linear 32->4 with int8 weights (dynamic quantization, fbgemm)."""
    mlp = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 4)).eval()
    return torch.quantization.quantize_dynamic(mlp, {nn.Linear}, dtype=torch.qint8)


class ResidualLeft(nn.Module):
    """Skip operand first: h = x + fc(x) (Linear 8->8), viewed as 2x2x2, then y + conv(y) (Conv 2->2 3x3 pad 1)."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)
        self.conv = nn.Conv2d(2, 2, 3, padding=1)

    def forward(self, x):
        h = x + self.fc(x)
        y = h.view(-1, 2, 2, 2)
        y = y + self.conv(y)
        return y.flatten(1)


class ResidualRight(ResidualLeft):
    """Skip operand second: fc(x) + x, then conv(y) + y (the same layers as ResidualLeft)."""

    def forward(self, x):
        h = self.fc(x) + x
        y = h.view(-1, 2, 2, 2)
        y = self.conv(y) + y
        return y.flatten(1)


class LayerScale(nn.Module):
    """ConvNeXt-style layer scale: x + gamma_conv.view(1,-1,1,1) * conv(x) (Conv 8->8 3x3 pad 1), then
    channels-last y + gamma * fc(y) (Linear 8->8 over the channels of a 1x4x4x8 tensor), channel means."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(8, 8, 3, padding=1)
        self.gamma_conv = nn.Parameter(torch.rand(8))
        self.fc = nn.Linear(8, 8)
        self.gamma = nn.Parameter(torch.rand(8))

    def forward(self, x):
        x = x + self.gamma_conv.view(1, -1, 1, 1) * self.conv(x)
        y = x.permute(0, 2, 3, 1)
        y = y + self.gamma * self.fc(y)
        return y.mean((1, 2))


class DenseConcat(nn.Module):
    """DenseNet-style: features = [x]; 3 times new = conv(relu(cat(features, 1))) (Conv 4+4i -> 4, 3x3
    pad 1), appended; returns cat(features, 1) (16 channels)."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Conv2d(4 + 4 * i, 4, 3, padding=1) for i in range(3)])

    def forward(self, x):
        features = [x]
        for conv in self.layers:
            new = conv(torch.relu(torch.cat(features, 1)))
            features.append(new)
        return torch.cat(features, 1)


class ConvTransposeMix(nn.Module):
    """On a 1x4x5x5 input: ConvTranspose2d 4->4 and 4->6 (3x3, stride 2, pad 1, output_padding 1),
    grouped ConvTranspose2d 6->4 (groups 2, same geometry) on the 4->6 output; on the input flattened to
    1x4x25: ConvTranspose1d 4->4 (k 3, stride 2, pad 1, output_padding 1) and 4->6 (k 4, stride 2,
    pad 1). All outputs flattened and concatenated."""

    def __init__(self):
        super().__init__()
        self.up_same = nn.ConvTranspose2d(4, 4, 3, stride=2, padding=1, output_padding=1)
        self.up_wide = nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1)
        self.up_grouped = nn.ConvTranspose2d(6, 4, 3, stride=2, padding=1, output_padding=1, groups=2)
        self.up1_same = nn.ConvTranspose1d(4, 4, 3, stride=2, padding=1, output_padding=1)
        self.up1_wide = nn.ConvTranspose1d(4, 6, 4, stride=2, padding=1)

    def forward(self, x):
        a = self.up_same(x)
        b = self.up_wide(x)
        c = self.up_grouped(b)
        s = torch.flatten(x, 2)
        d = self.up1_same(s)
        e = self.up1_wide(s)
        return torch.cat([a.flatten(1), b.flatten(1), c.flatten(1), d.flatten(1), e.flatten(1)], 1)


class Conv1dMix(nn.Module):
    """Conv1d 4->8 k3 stride 2 pad 1, ReLU, Conv1d 8->8 k3 pad 2 dilation 2 groups 4, ReLU, Conv1d 8->6 k1."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv1d(4, 8, 3, stride=2, padding=1)
        self.c2 = nn.Conv1d(8, 8, 3, padding=2, dilation=2, groups=4)
        self.c3 = nn.Conv1d(8, 6, 1)

    def forward(self, x):
        return self.c3(torch.relu(self.c2(torch.relu(self.c1(x)))))


class SelfAttention(nn.Module):
    """nn.MultiheadAttention(16, 4 heads, batch_first) self-attention, need_weights=False."""

    def __init__(self):
        super().__init__()
        self.attn = nn.MultiheadAttention(16, 4, batch_first=True)

    def forward(self, x):
        return self.attn(x, x, x, need_weights=False)[0]


class Encoder(nn.Module):
    """nn.TransformerEncoder: 2 layers of TransformerEncoderLayer(d_model 16, 4 heads, feed-forward 32, batch_first)."""

    def __init__(self):
        super().__init__()
        layer = nn.TransformerEncoderLayer(16, 4, dim_feedforward=32, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)

    def forward(self, x):
        return self.encoder(x)


class BiRnn(nn.Module):
    """A 2-layer bidirectional batch-first LSTM or GRU, input 8, hidden 12, then Linear 24->3 on the last step."""

    def __init__(self, kind):
        super().__init__()
        self.rnn = kind(8, 12, num_layers=2, bidirectional=True, batch_first=True)
        self.head = nn.Linear(24, 3)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[:, -1])


class EmbeddingMlp(nn.Module):
    """Embedding 50x16 of int64 tokens, Linear 16->32, ReLU, Linear 32->4, mean over the tokens."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(50, 16)
        self.fc1 = nn.Linear(16, 32)
        self.fc2 = nn.Linear(32, 4)

    def forward(self, tokens):
        return self.fc2(torch.relu(self.fc1(self.embed(tokens)))).mean(1)


class TiedEmbedding(nn.Module):
    """Embedding 50x16, Linear 16->16 + tanh, output projection 16->50 (no bias) sharing the embedding's weight."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(50, 16)
        self.fc = nn.Linear(16, 16)
        self.out = nn.Linear(16, 50, bias=False)
        self.out.weight = self.embed.weight

    def forward(self, tokens):
        return self.out(torch.tanh(self.fc(self.embed(tokens))))


class Int8StaticCnn(nn.Module):
    """QuantStub, Conv 3->8 3x3 stride 2 pad 1 fused with ReLU, flatten, Linear 512->10, DeQuantStub."""

    def __init__(self):
        super().__init__()
        self.quant = torch.quantization.QuantStub()
        self.conv = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.relu = nn.ReLU()
        self.fc = nn.Linear(512, 10)
        self.dequant = torch.quantization.DeQuantStub()

    def forward(self, x):
        x = self.relu(self.conv(self.quant(x)))
        return self.dequant(self.fc(torch.flatten(x, 1)))


def int8_static_cnn():
    """Int8StaticCnn statically quantized with the fbgemm qconfig (per-channel int8 weights, reduce_range
    activations): conv+relu fused, calibrated on 8 seeded random inputs. Debian's torch has no fbgemm
    engine: the weights are packed by its default engine (onednn); the file stores them unpacked."""
    model = Int8StaticCnn().eval()
    model.qconfig = torch.quantization.get_default_qconfig("fbgemm")
    torch.quantization.fuse_modules(model, [["conv", "relu"]], inplace=True)
    torch.quantization.prepare(model, inplace=True)
    with torch.no_grad():
        for _ in range(8):
            model(torch.randn(1, 3, 16, 16))
    return torch.quantization.convert(model, inplace=True)


class ScriptedControlFlow(nn.Module):
    """Scripted. A shape-dependent branch: sequences longer than 4 are cut to their first 4 steps and
    projected by long_proj (Linear 8->16), others projected whole by short_proj (Linear 8->16); then a
    ModuleList of 3 Linear 16->16 + ReLU iterated in a for loop (the saved code unrolls it); a real
    loop, h = h + mix(h) (Linear 16->16) repeated self.repeats = 2 times (an int attribute); an
    Optional scale multiplied in when given; mean over the steps."""

    repeats: int

    def __init__(self):
        super().__init__()
        self.long_proj = nn.Linear(8, 16)
        self.short_proj = nn.Linear(8, 16)
        self.layers = nn.ModuleList([nn.Linear(16, 16) for _ in range(3)])
        self.mix = nn.Linear(16, 16)
        self.repeats = 2

    def forward(self, x, scale: Optional[torch.Tensor] = None):
        if x.size(1) > 4:
            h = self.long_proj(x[:, :4])
        else:
            h = self.short_proj(x)
        for layer in self.layers:
            h = torch.relu(layer(h))
        for _ in range(self.repeats):
            h = h + self.mix(h)
        if scale is not None:
            h = h * scale
        return h.mean(1)


class ScriptedDataBranch(nn.Module):
    """Scripted. h = fc(x) (Linear 8->8); if h.sum() > 0: big (Linear 8->32, ReLU, Linear 32->8) else
    small (Linear 8->8): a branch only the data decides."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)
        self.big = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 8))
        self.small = nn.Linear(8, 8)

    def forward(self, x):
        h = self.fc(x)
        if h.sum() > 0:
            h = self.big(h)
        else:
            h = self.small(h)
        return h


class MatmulBroadcast(nn.Module):
    """On x of 1x4x6x8 (batch, heads, steps, dim): q = x @ w (4-D @ 2-D broadcast, w 8x8),
    scores = q @ x^T (4-D batched matmul), ctx = bmm(scores as 4x6x6, x as 4x6x8),
    mix = einsum("bhsd,hde->bhse", x, v) (v 4x8x8); returns ctx viewed as x + mix."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(8, 8) / 8)
        self.v = nn.Parameter(torch.randn(4, 8, 8) / 8)

    def forward(self, x):
        q = x @ self.w
        scores = torch.matmul(q, x.transpose(-1, -2))
        ctx = torch.bmm(scores.flatten(0, 1), x.flatten(0, 1))
        mix = torch.einsum("bhsd,hde->bhse", x, self.v)
        return ctx.view_as(x) + mix

    def reference_macs(self, inputs, output):
        """b*h*s*d*d (x @ w) + b*h*s*s*d (q @ x^T) + b*h*s*s*d (bmm) + b*h*s*d*e (einsum)."""
        b, h, s, d = inputs[0].shape
        e = self.v.shape[2]
        return b * h * s * d * d + 2 * b * h * s * s * d + b * h * s * d * e


class TinyCnn(nn.Module):
    """Conv 3->8 3x3 pad 1, ReLU, conv 8->8 3x3 stride 2 pad 1, ReLU, flatten, linear 512->10: the
    network of the bf16 fixtures, on a 1x3x16x16 input."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 8, 3, stride=2, padding=1)
        self.head = nn.Linear(512, 10)

    def features(self, x):
        return torch.flatten(torch.relu(self.conv2(torch.relu(self.conv1(x)))), 1)

    def forward(self, x):
        return self.head(self.features(x))


class Bf16CastInside(TinyCnn):
    """TinyCnn saved in fp32 whose forward casts its input and every weight to bfloat16 (x.to(torch.bfloat16),
    weight.bfloat16()) and calls the functional ops: all products in bf16, the output cast back to fp32."""

    def forward(self, x):
        h = torch.relu(F.conv2d(x.to(BF16), self.conv1.weight.to(BF16), self.conv1.bias.to(BF16), padding=1))
        h = torch.relu(F.conv2d(h, self.conv2.weight.bfloat16(), self.conv2.bias.bfloat16(), stride=2, padding=1))
        return F.linear(torch.flatten(h, 1), self.head.weight.to(BF16), self.head.bias.to(BF16)).float()

    def reference_macs(self, inputs, output):
        """The modules are not called (their weights are cast and passed to F.conv2d and F.linear):
        conv1 8x16x16 out x 3x3x3 + conv2 8x8x8 out x 8x3x3 + linear 512x10, per sample."""
        return inputs[0].shape[0] * (8 * 16 * 16 * 27 + 8 * 8 * 8 * 72 + 512 * 10)


class Bf16Saved(nn.Module):
    """TinyCnn with its weights saved in bfloat16 (model.to(torch.bfloat16)), between an fp32 input cast
    to bf16 and its output cast back: how scripts/export_torchvision.py --bf16 makes the published bf16 file."""

    def __init__(self):
        super().__init__()
        self.model = TinyCnn().to(BF16)

    def forward(self, x):
        return self.model(x.to(BF16)).float()


class Bf16Mixed(nn.Module):
    """TinyCnn's convolutions saved in bfloat16, its linear head in fp32: the features are cast back to
    fp32 before the head, so 92,160 of the 97,280 MACs are bf16 and 5,120 fp32."""

    def __init__(self):
        super().__init__()
        self.model = TinyCnn()
        self.model.conv1.to(BF16)
        self.model.conv2.to(BF16)

    def forward(self, x):
        return self.model.head(self.model.features(x.to(BF16)).float())


class Bf16Autocast(nn.Module):
    """Linear 8->16, ReLU, linear 16->4, weights in fp32, run under torch.autocast("cpu", bfloat16): the
    traced code holds the casts autocast made (input and weights to bf16); the output cast to fp32."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 16)
        self.fc2 = nn.Linear(16, 4)

    def forward(self, x):
        with torch.autocast("cpu", dtype=BF16):
            h = self.fc2(torch.relu(self.fc1(x)))
        return h.float()


class Int8FxResidual(nn.Module):
    """Conv 3->8 3x3 pad 1 + BN + ReLU, a residual block (conv 8->8 3x3 pad 1 + BN, added to its input,
    ReLU), global average, linear 8->10: ResNet's shape in miniature."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(8)
        self.fc = nn.Linear(8, 10)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(x + self.bn2(self.conv2(x)))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def int8_fx_residual():
    """Int8FxResidual quantized by FX graph mode (prepare_fx, 8 seeded calibration inputs, convert_fx)
    with the onednn engine's qconfig, as scripts/export_variants.py quantizes torchvision models: BN
    folded, conv+relu fused, the skip connection a quantized::add_relu. Its modules store weight and
    bias through their own __getstate__; the packed params are rebuilt by __setstate__ on load."""
    from torch.ao.quantization import get_default_qconfig_mapping
    from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx

    torch.backends.quantized.engine = "onednn"
    model = Int8FxResidual().eval()
    example = (torch.randn(1, 3, 8, 8),)
    prepared = prepare_fx(model, get_default_qconfig_mapping("onednn"), example)
    with torch.no_grad():
        for _ in range(8):
            prepared(torch.randn(1, 3, 8, 8))
    return convert_fx(prepared)


# ----------------------------------------------------------------------------------------------


def spec(inputs):
    """The input spec of a list of example tensors: 1x3x32x32, 1x8:int64, joined by commas."""
    parts = []
    for t in inputs:
        part = "x".join(str(d) for d in t.shape)
        if t.dtype != torch.float32:
            part += ":" + str(t.dtype).replace("torch.", "")
        parts.append(part)
    return ",".join(parts)


def file_name(stem, inputs):
    return stem + "_" + spec(inputs).replace(":", "_").replace(",", "_") + ".pt"


def _same(a, b, atol):
    if isinstance(a, (tuple, list)):
        return all(_same(x, y, atol) for x, y in zip(a, b))
    if a.is_quantized:
        a, b = a.dequantize(), b.dequantize()
    return torch.allclose(a, b, atol=atol)


def save(model, example, path, atol=1e-5, force=False):
    model.eval()
    with torch.no_grad():
        traced = torch.jit.trace(model, example)
        assert torch.allclose(traced(example), model(example), atol=atol)
    write(traced, path, force)


def write(exported, path, force):
    """Saves unless the file exists. Kept files are still exported first: TorchScript numbers the
    classes it compiles (___torch_mangle_N) per process, so every later file depends on them."""
    if os.path.exists(path) and not force:
        print("kept", path)
        return
    exported.save(path)
    print("wrote", path)


def export(model, inputs, path, how, force=False, atol=1e-5):
    """how: "trace" (under torch.no_grad()), "trace-grad" (grad enabled) or "script" (torch.jit.script)."""
    model.eval()
    with torch.set_grad_enabled(how in ("trace-grad", "freeze")):
        # trace's own check re-runs the model under no_grad, where MultiheadAttention and
        # TransformerEncoderLayer take their fused fast path: it would fail a grad-enabled trace
        exported = torch.jit.script(model) if how == "script" else \
            torch.jit.trace(model, tuple(inputs), check_trace=how == "trace")
    if how == "freeze":  # traced with grad on: a no_grad trace, frozen, does not load back in 1.13
        exported = torch.jit.freeze(exported)
        assert _same(exported(*inputs), model(*inputs), atol), path
    write(exported, path, force)


OP_CALL = re.compile(r"(?<![\w.])(torch|ops)\.([A-Za-z_][\w.]*)\(")


def code_ops(path):
    """The ops the file's code/**/*.py calls: torch.X as aten::X, ops.ns.X as ns::X."""
    found = set()
    with zipfile.ZipFile(path) as z:
        for entry in z.namelist():
            if "/code/" in entry and entry.endswith(".py"):
                for prefix, name in OP_CALL.findall(z.read(entry).decode()):
                    if prefix == "ops":
                        ns, _, op = name.partition(".")
                        found.add(f"{ns}::{op}")
                    elif "." not in name:
                        found.add(f"aten::{name}" if hasattr(torch.ops.aten, name) else f"torch.{name}")
    return sorted(found)


def reference(model, inputs, how, note, path):
    """params, macs (hooks with grad on and off, checked against the dispatch count), dtype and
    dtype_macs (the dispatch count's MACs per operand dtype), note, ops."""
    model.eval()
    by_dtype = {}
    with torch.no_grad():
        macs = count_hook_macs(model, inputs)
        macs_dispatch = count_dispatch_macs(model, inputs, by_dtype=by_dtype)
    with torch.enable_grad():
        macs_grad = count_hook_macs(model, inputs)
        macs_dispatch_grad = count_dispatch_macs(model, inputs)
    assert macs == macs_grad == macs_dispatch == macs_dispatch_grad, \
        (path, macs, macs_grad, macs_dispatch, macs_dispatch_grad)
    dtype = "" if not by_dtype else next(iter(by_dtype)) if len(by_dtype) == 1 else "mixed"
    params = count_params(model)
    if how == "freeze":
        # the frozen file's own weights: its constants as TorchScript maps them (freeze folds BN in)
        params = sum(v.numel() for v in torch.jit.load(path).code_with_constants[1].const_mapping.values())
    return {"input": spec(inputs), "export": how, "params": params, "macs": macs,
            "dtype": dtype, "dtype_macs": dict(sorted(by_dtype.items())), "note": note, "ops": code_ops(path)}


def deviation_reference(out_dir, reference, model, seed=1, batch=8, samples=16):
    """What `deviation --reference file:REFERENCE --model file:MODEL --input 1x3x16x16 --batch 8
    --samples 16 --seed 1` must print: batch i's input is libtorch's global generator seeded with
    seed + i, then normal(0, 1) of the batch's shape (how the Java side draws inputs,
    TorchEngine.seeded and NDManager.randomNormal); outputs compared in fp32."""
    ref = torch.jit.load(os.path.join(out_dir, reference))
    cand = torch.jit.load(os.path.join(out_dir, model))
    max_abs, sum_abs, sum_ref, count, agree = 0.0, 0.0, 0.0, 0, 0
    with torch.no_grad():
        for i in range(samples // batch):
            torch.manual_seed(seed + i)
            x = torch.normal(0.0, 1.0, size=(batch, 3, 16, 16))
            a, b = ref(x).float(), cand(x).float()
            d = (a.double() - b.double()).abs()
            max_abs, sum_abs, count = max(max_abs, d.max().item()), sum_abs + d.sum().item(), count + d.numel()
            sum_ref += a.double().abs().sum().item()
            agree += (a.argmax(1) == b.argmax(1)).sum().item()
    return {"reference": reference, "model": model, "input": "1x3x16x16", "seed": seed, "batch": batch,
            "samples": samples, "max_abs_diff": max_abs, "mean_abs_diff": sum_abs / count,
            "mean_abs_reference": sum_ref / count, "top1_agree": agree,
            "torch": torch.__version__,
            "note": "inputs: torch.manual_seed(seed + i); torch.normal(0, 1, (batch, 3, 16, 16)) for batch i"}


def main(out_dir, force=False):
    refs = {}

    def add(model, inputs, stem, how, note, **extra):
        path = os.path.join(out_dir, file_name(stem, inputs))
        export(model, inputs, path, how, force)
        refs[os.path.basename(path)] = dict(reference(model, inputs, how, note, path), **extra)

    # the first six files, in the order and with the seed they were first written with
    torch.manual_seed(42)
    existing = [
        (SmallCnn(), torch.randn(1, 3, 32, 32), "small_cnn_1x3x32x32.pt",
         "conv1 (1x8x32x32 out x 3x3x3) + conv2 (1x16x8x8 x 8x3x3) + linear 16x10; BN, pooling 0"),
        (TinyAttention(), torch.randint(0, 100, (1, 8)), "tiny_attention_1x8_int64.pt",
         "qkv 8x32x96 + Q K^T and weights V 8x8x32 each (explicit matmuls, by hand) + out 8x32x32 + head 32x2"),
        (TinyLstm(), torch.randn(1, 5, 16), "tiny_lstm_1x5x16.pt",
         "LSTM 5 steps x 4x32x(16+32) + head 32x4"),
        (TinyEinsum(), torch.randn(1, 6, 16), "tiny_einsum_1x6x16.pt",
         "einsums by hand: projection 6x16x24 + scores 6x6x24 + mixing 6x6x24"),
        (ThreeLiveTensors(), torch.randn(1, 1048576), "three_live_tensors_1x1048576.pt",
         "element-wise only: 0 MACs, no parameters"),
        (int8_dynamic_mlp(), torch.randn(1, 16), "int8_dynamic_mlp_1x16.pt",
         "dynamic int8 Linear 16x32 + 32x4 from their weight() shapes; params = packed weight() + bias() elements"),
    ]
    for model, example, name, note in existing:
        path = os.path.join(out_dir, name)
        save(model, example, path, force=force)
        refs[name] = reference(model, [example], "trace", note, path)

    # each later fixture seeds its own weights and input
    def seeded(build, *shapes, tokens=0):
        torch.manual_seed(0)
        model = build()
        inputs = [torch.randint(0, tokens, s) if tokens else torch.randn(*s) for s in shapes]
        return model, inputs

    add(*seeded(ResidualLeft, (1, 8)), "residual_left", "trace",
        "x + fc(x): Linear 8x8; y + conv(y): 1x2x2x2 out x 2x3x3")
    add(*seeded(ResidualRight, (1, 8)), "residual_right", "trace",
        "fc(x) + x: Linear 8x8; conv(y) + y: 1x2x2x2 out x 2x3x3")
    add(*seeded(LayerScale, (1, 8, 4, 4)), "layer_scale", "trace",
        "conv 1x8x4x4 out x 8x3x3 + channels-last Linear 16 positions x 8x8; gamma products 0 (element-wise)")
    add(*seeded(DenseConcat, (1, 4, 8, 8)), "dense_concat", "trace",
        "3 convs, 1x4x8x8 out each x (4, 8, 12)x3x3 inputs")
    model, inputs = seeded(ConvTransposeMix, (1, 4, 5, 5))
    note = ("ConvTranspose: input elements x C_out/groups x kernel: 100x4x9 + 100x6x9 + 600x2x9 "
            "+ 100x4x3 + 100x6x4")
    add(model, inputs, "convtranspose_traced", "trace", note)
    add(model, inputs, "convtranspose_scripted", "script", note)
    add(*seeded(Conv1dMix, (1, 4, 20)), "conv1d", "trace",
        "Conv1d out elements x C_in/groups x kernel: 80x4x3 + 80x2x3 (groups 4) + 60x8x1")
    model, inputs = seeded(SelfAttention, (1, 5, 16))
    note = ("MultiheadAttention L=S=5, E=16: q, k, v and out projections 4x5x16x16 + Q K^T and A V 2x5x5x16 "
            "(analytic; out_proj is not called as a module)")
    add(model, inputs, "mha_grad", "trace-grad", note)
    add(model, inputs, "mha_nograd", "trace", note + "; traced in no_grad: the fused fast path")
    model, inputs = seeded(Encoder, (1, 5, 16))
    note = ("2 layers x (self-attention 4x5x16x16 + 2x5x5x16, analytic + linear1 5x16x32 + linear2 5x32x16); "
            "LayerNorm 0")
    add(model, inputs, "transformer_encoder_grad", "trace-grad", note)
    add(model, inputs, "transformer_encoder_nograd", "trace", note + "; traced in no_grad: the fused fast path")
    add(*seeded(lambda: BiRnn(nn.LSTM), (1, 5, 8)), "lstm_bidir_2layer", "trace",
        "5 steps x 2 directions x 4 gates x 12 x ((8 + 12) layer 0, (24 + 12) layer 1) + head 24x3")
    add(*seeded(lambda: BiRnn(nn.GRU), (1, 5, 8)), "gru_bidir_2layer", "trace",
        "5 steps x 2 directions x 3 gates x 12 x ((8 + 12) layer 0, (24 + 12) layer 1) + head 24x3")
    add(*seeded(EmbeddingMlp, (1, 6), tokens=50), "embedding_mlp", "trace",
        "embedding lookup 0 + 6 tokens x (16x32 + 32x4)")
    add(*seeded(TiedEmbedding, (1, 6), tokens=50), "tied_embedding", "trace",
        "6 tokens x (16x16 + 16x50); params: the shared 50x16 weight once (800) + fc 272")
    add(*seeded(int8_static_cnn, (1, 3, 16, 16)), "int8_static_cnn", "trace",
        "quantized conv+relu 1x8x8x8 out x 3x3x3 + quantized linear 512x10 from weight() shapes; "
        "params = packed weight() + bias() elements (int8 weights, fp32 biases)")
    add(*seeded(ScriptedControlFlow, (1, 6, 8)), "scripted_control_flow", "script",
        "6 > 4 steps: long_proj on the first 4 steps 4x8x16 + 3 layers 4x16x16 + 2 loop trips of mix "
        "4x16x16; short_proj not run (its parameters count); scale None")
    model, inputs = seeded(ScriptedDataBranch, (1, 8))
    with torch.no_grad():
        h = model.fc(inputs[0])
        taken = bool(h.sum() > 0)
        branches = {"true": count_hook_macs(model.fc, inputs) + count_hook_macs(model.big, [h]),
                    "false": count_hook_macs(model.fc, inputs) + count_hook_macs(model.small, [h])}
    add(model, inputs, "scripted_data_branch", "script",
        f"fc 8x8, then true: 8x32 + 32x8, false: 8x8; the example input takes the {str(taken).lower()} branch "
        "(macs); branches gives both", branches=branches)
    add(*seeded(MatmulBroadcast, (1, 4, 6, 8)), "matmul_broadcast", "trace",
        "by hand: x @ w 24x8x8 + q @ x^T 4x6x6x8 + bmm 4x6x6x8 + einsum 24x8x8")
    tiny = "conv1 8x16x16 out x 3x3x3 + conv2 8x8x8 out x 8x3x3 + linear 512x10"
    add(*seeded(Bf16CastInside, (1, 3, 16, 16)), "bf16_cast_inside", "trace",
        tiny + "; weights saved in fp32, every product in bf16 (casts in forward)")
    add(*seeded(Bf16Saved, (1, 3, 16, 16)), "bf16_saved", "trace",
        tiny + "; weights saved in bf16, every product in bf16")
    add(*seeded(Bf16Mixed, (1, 3, 16, 16)), "bf16_mixed", "trace",
        tiny + "; convolutions in bf16 (92,160 MACs), the linear head in fp32 (5,120)")
    add(*seeded(Bf16Autocast, (1, 8)), "bf16_autocast", "trace",
        "fc1 8x16 + fc2 16x4 under autocast: weights saved in fp32, products in bf16")
    add(*seeded(TinyCnn, (1, 3, 16, 16)), "tiny_cnn_fp32", "trace",
        tiny + "; the fp32 twin of bf16_saved and bf16_cast_inside (the same seeded weights)")
    add(*seeded(SmallCnn, (1, 3, 32, 32)), "frozen_small_cnn", "freeze",
        "SmallCnn frozen: BN folded into conv1 by freeze, every weight a constant; MACs as small_cnn's "
        "convolutions and linear; params: the frozen file's constants (code_with_constants), BN's 16 elements "
        "folded into conv1's")
    add(*seeded(int8_fx_residual, (1, 3, 8, 8)), "int8_fx_residual", "trace",
        "FX int8: conv1 1x8x8x8 out x 3x3x3 + conv2 1x8x8x8 out x 8x3x3 + linear 8x10 from weight() "
        "shapes; BN folded into the convolutions; the skip add a quantized::add_relu (0 MACs)")
    refs["bf16_saved_1x3x16x16.pt"]["deviation"] = deviation_reference(
        out_dir, "tiny_cnn_fp32_1x3x16x16.pt", "bf16_saved_1x3x16x16.pt")

    with open(os.path.join(out_dir, "reference.json"), "w") as f:
        json.dump(dict(sorted(refs.items())), f, indent=2)
        f.write("\n")
    print("wrote", os.path.join(out_dir, "reference.json"))


if __name__ == "__main__":
    if os.environ.get("PYTHONHASHSEED") != "0":
        # scripting writes a module's Final constants in set order: string hashing must be fixed for
        # a rerun to reproduce the same bytes
        os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))
    main(sys.argv[1], force="--force" in sys.argv[2:])
