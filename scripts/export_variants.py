"""Exports named variants of one architecture (seeded random weights, nothing downloaded): a
torchvision model, or bert_base as effbench's zoo builds it (scripts/peer_pytorch.py's Bert).

    /usr/bin/python3 scripts/export_variants.py resnet50 /tmp/effbench-variants/resnet50
    /usr/bin/python3 scripts/export_variants.py bert_base /tmp/effbench-variants/bert_base

Writes OUTDIR/NAME.pt for each variant it can make and OUTDIR/variants.json: per variant its file
(or why it was skipped), what was done, and the output deviation from fp32 in this torch on seeded
inputs; plus the torch version, the quantized engine and the input shape. Every file takes an fp32
NCHW input (1x3x224x224; any batch runs) and gives fp32 logits, so each one is benchmarked as
`--model file:OUTDIR/NAME.pt --input 1x3x224x224` and compared with `deviation --reference
file:OUTDIR/fp32.pt`; bert_base's take 1x128 int64 token ids (`--input 1x128:int64`) and give the
fp32 pooled output. Needs Debian's python3-torch and python3-torchvision (torch 1.13); DJL's
libtorch 2.7.1 loads the files.

    fp32           plain trace of the eval model
    frozen         torch.jit.freeze (folds BN into convolutions, inlines the weights as constants)
                   then torch.jit.optimize_for_inference
    bn-folded      torch.fx conv-bn fusion (torch.fx.experimental.optimization.fuse) before tracing
                   (skipped, and said so, for a model without convolutions)
    channels-last  weights in channels_last, traced with a channels_last example (skipped likewise);
                   the file still
                   takes what the Java side passes, an NCHW-contiguous input (see variants.json:
                   "layout" says whether the graph converts it)
    separable-pool every MaxPool2d as element-wise maxima of strided views (bit-exact; skipped
                   for a model without max pooling)
    bf16           made from the separable-pool model when it has max pooling; the fastest in this torch of: weights cast to bf16 between fp32 input and output
                   (export_torchvision.InBf16; token ids stay int64), the same in channels_last
                   (a model with convolutions: weights and activations in NHWC, which spares oneDNN
                   a reorder of each activation into and out of its blocked layout around every
                   convolution), or fp32 weights traced under CPU autocast to bf16
    int8           FX post-training static quantization (onednn engine, else qnnpack), calibrated
                   on seeded random inputs; for a model without convolutions (bert-like), dynamic
                   int8 Linear instead
"""
import argparse
import json
import os
import sys
import time

import torch
import torchvision

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_torchvision import InBf16  # noqa: E402

SHAPE = (1, 3, 224, 224)


class Autocast(torch.nn.Module):
    """The fp32 model run under CPU autocast to bf16, its output cast to fp32."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        with torch.autocast("cpu", dtype=torch.bfloat16):
            y = self.model(x)
        return y.float()


class Dequantized(torch.nn.Module):
    """Makes sure the file returns fp32 (a quantized graph's output is already dequantized by FX)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x).float()


class InBf16ChannelsLast(torch.nn.Module):
    """InBf16 with the weights and the input in channels_last: oneDNN's bf16 convolutions read and
    write NHWC directly, where NCHW costs a reorder into and out of the blocked layout around each
    convolution (39 of ResNet-18's 59 reorders per pass at batch 1, 0.93 ms in libtorch 2.7.1)."""

    def __init__(self, model):
        super().__init__()
        self.model = model.to(torch.bfloat16).to(memory_format=torch.channels_last)

    def forward(self, x):
        return self.model(x.to(torch.bfloat16).contiguous(memory_format=torch.channels_last)).float()


class TokensInBf16(torch.nn.Module):
    """bert_base in bfloat16 between int64 token ids and an fp32 output (ids are not cast)."""

    def __init__(self, model):
        super().__init__()
        self.model = model.to(torch.bfloat16)

    def forward(self, ids):
        return self.model(ids).float()


class SeparableMaxPool2d(torch.nn.Module):
    """Max pooling as element-wise maxima of strided views, first across the window's rows, then its
    columns: effbench's zoo does the same (model/layers/SeparableMaxPool.java) because the CPU
    kernel behind max_pool2d (max_pool2d_with_indices) is scalar and slow, in bf16 most of all:
    8x64x112x112 at 1 thread, 3/2/1 in bf16, 47.7 -> 11.2 ms in torch 1.13 and 66.7 -> 13.8 ms in
    libtorch 2.7.1. Rows first keeps the larger pass's views contiguous along the row; padding is
    not copied in, a tap that reaches into it updates only the windows it covers. Those two took
    1x64x112x112 bf16 from 1.06 to 0.66 ms in torch 1.13 and from 1.41 to 0.77 ms in libtorch 2.7.1
    (one thread, p50 of 200). Bit-exact: a maximum rounds nothing, NaN propagates as in max_pool2d;
    ceil mode is the same rule with torch's output size."""

    def __init__(self, kernel, stride, padding, ceil_mode=False):
        super().__init__()
        self.kernel, self.stride, self.padding, self.ceil_mode = kernel, stride, padding, ceil_mode

    def out_size(self, size):
        k, s, p = self.kernel, self.stride, self.padding
        span = size + 2 * p - k
        n = (-(-span // s) if self.ceil_mode else span // s) + 1
        if self.ceil_mode and (n - 1) * s >= size + p:
            n -= 1
        return n

    def taps(self, x, dim, start, count):
        s = self.stride
        v = x.narrow(dim, start, s * (count - 1) + 1)
        return v[:, :, ::s] if dim == 2 else v[..., ::s]

    def max_of_taps(self, x, dim):
        k, s, p = self.kernel, self.stride, self.padding
        size, n = x.shape[dim], self.out_size(x.shape[dim])
        full, partial = [], []
        for j in range(k):
            first, last = max(0, -(-(p - j) // s)), min(n - 1, (size - 1 + p - j) // s)
            if first > last:
                continue  # this tap lies in the padding for every window
            (full if (first, last) == (0, n - 1) else partial).append((j, first, last))
        if not full:
            shape = list(x.shape)
            shape[dim] = n
            y = torch.full(shape, float("-inf"), dtype=x.dtype)
        else:
            y = self.taps(x, dim, full[0][0] - p, n)
            y = torch.maximum(y, self.taps(x, dim, full[1][0] - p, n)) if len(full) > 1 else y.clone()
            for j, _, _ in full[2:]:
                y = torch.maximum(y, self.taps(x, dim, j - p, n))
        for j, first, last in partial:
            window = y.narrow(dim, first, last - first + 1)
            window.copy_(torch.maximum(window, self.taps(x, dim, first * s - p + j, last - first + 1)))
        return y

    def forward(self, x):
        return self.max_of_taps(self.max_of_taps(x, 2), 3)


def one(v):
    return v if isinstance(v, int) else (v[0] if len(set(v)) == 1 else None)


def separable_pools(model):
    """A copy of the model with every square, dilation-1 MaxPool2d as SeparableMaxPool2d;
    ValueError when it has none."""
    import copy
    m = copy.deepcopy(model)
    swapped = 0
    for name, child in list(m.named_modules()):
        for attr, sub in list(child.named_children()):
            if isinstance(sub, torch.nn.MaxPool2d) and one(sub.dilation) == 1 \
                    and None not in (one(sub.kernel_size), one(sub.stride), one(sub.padding)):
                setattr(child, attr, SeparableMaxPool2d(one(sub.kernel_size), one(sub.stride), one(sub.padding),
                                                        sub.ceil_mode))
                swapped += 1
    if not swapped:
        raise ValueError("no square max pooling to rewrite")
    return m, swapped


BERT_SEQ = 128
BERT_VOCAB = 30522


def is_bert(name):
    return name == "bert_base"


def build(name):
    torch.manual_seed(0)
    if is_bert(name):
        from peer_pytorch import Bert
        model = Bert().eval()
        # TransformerEncoder deep-copies one layer 12 times, so every layer starts with the same
        # random weights; torch.jit.freeze then pools the equal constants into one copy that stays
        # in cache, and the frozen file would measure a different, smaller model. Each layer gets
        # its own seeded weights, as a trained model has.
        with torch.no_grad():
            for p in model.encoder.parameters():
                if p.dim() > 1:
                    torch.nn.init.xavier_uniform_(p)
                else:
                    p.add_(torch.randn(p.shape) * 0.02)
        return model
    return getattr(torchvision.models, name)(weights=None).eval()


def unit_scale(model, name, notes):
    """Sets BatchNorm's running statistics from seeded inputs when the model's outputs are tiny.
    With torchvision's initialisation and default statistics (mean 0, variance 1), MobileNetV2's
    logits come out near 1e-9: below the smallest scale int8's observers allow (float32 eps,
    1.2e-7), so the int8 file quantizes every activation to 0 and its output is all zeros (top-1
    agreement 0). Statistics measured on 32 seeded inputs (train-mode passes, cumulative average)
    bring the activations to unit scale, as in a trained model; the arithmetic is the same, so the
    timing is not affected, and every variant is made from the same model."""
    with torch.no_grad():
        peak = max(model(x).abs().max().item() for x in seeded_inputs(name, 2, 2, seed=3))
    if peak >= 1e-3:
        return
    norms = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    if not norms:
        return
    for m in norms:
        m.reset_running_stats()
        m.momentum = None  # a cumulative average over the passes
    model.train()
    with torch.no_grad():
        for x in seeded_inputs(name, 8, 4, seed=3):
            model(x)
    model.eval()
    with torch.no_grad():
        after = max(model(x).abs().max().item() for x in seeded_inputs(name, 2, 2, seed=3))
    notes["batchnorm_statistics"] = (
        f"set from 32 seeded standard-normal inputs (torch.Generator seed 3, train-mode passes, cumulative "
        f"average): with the default statistics the largest output was {peak:.3g}, below int8's smallest "
        f"observer scale ({torch.finfo(torch.float32).eps:.3g}), so int8 would quantize every activation to 0; "
        f"now {after:.3g}")


def shape(name):
    return (1, BERT_SEQ) if is_bert(name) else SHAPE


def make_input(name, batch, generator):
    if is_bert(name):
        return torch.randint(0, BERT_VOCAB, (batch, BERT_SEQ), generator=generator)
    return torch.randn(batch, *SHAPE[1:], generator=generator)


def seeded_inputs(name, count, batch, seed):
    g = torch.Generator().manual_seed(seed)
    return [make_input(name, batch, g) for _ in range(count)]


def has_convolutions(model):
    return any(isinstance(m, torch.nn.Conv2d) for m in model.modules())


def ms_per_pass(fn, x, passes=5):
    with torch.no_grad():
        fn(x)
        start = time.perf_counter()
        for _ in range(passes):
            fn(x)
    return (time.perf_counter() - start) / passes * 1e3


def trace(model, example):
    with torch.no_grad():
        return torch.jit.trace(model, example, check_trace=False)


def deviation(reference, candidate, inputs):
    """max and mean |diff| of the outputs (fp32) and top-1 agreement, over the inputs' samples."""
    max_abs, sum_abs, count, agree, samples = 0.0, 0.0, 0, 0, 0
    with torch.no_grad():
        for x in inputs:
            a, b = reference(x).float(), candidate(x).float()
            d = (a - b).abs()
            max_abs = max(max_abs, d.max().item())
            sum_abs += d.sum().item()
            count += d.numel()
            agree += (a.argmax(1) == b.argmax(1)).sum().item()
            samples += a.shape[0]
    return {"max_abs_diff": max_abs, "mean_abs_diff": sum_abs / count, "top1_agreement": agree / samples,
            "samples": samples}


def fp32(model, example):
    return trace(model, example), "torch.jit.trace of the eval model"


def frozen(model, example):
    # traced with grad enabled: a module traced under no_grad and then frozen saves a file that
    # torch 1.13 cannot load back ("required keyword attribute 'value' is undefined")
    traced = torch.jit.trace(model, example, check_trace=False)
    frozen_module = torch.jit.freeze(traced)
    what = "torch.jit.freeze of the trace (weights as constants; BN folded into any convolutions)"
    if hasattr(torch.jit, "optimize_for_inference"):
        try:
            optimized = torch.jit.optimize_for_inference(torch.jit.freeze(traced))
            path = "/tmp/effbench-export-variants-roundtrip.pt"
            optimized.save(path)
            torch.jit.load(path)(example)
            os.remove(path)
            return optimized, what + ", then torch.jit.optimize_for_inference"
        except Exception as e:  # recorded: what this torch offers and why it was not used
            what += (f"; torch.jit.optimize_for_inference not applied: its module does not load back after "
                     f"saving in torch {torch.__version__} ({type(e).__name__}: {str(e).splitlines()[0]})")
    return frozen_module, what


def bn_folded(model, example):
    if not has_convolutions(model):
        raise ValueError("no convolutions: no batch norm to fold into one")
    from torch.fx.experimental.optimization import fuse
    fused = fuse(model)  # copies; conv-bn pairs as single convolutions (fuse_conv_bn_eval)
    return trace(fused, example), "torch.fx.experimental.optimization.fuse (conv-bn folding), then trace"


def channels_last(model, example):
    if not has_convolutions(model):
        raise ValueError("no convolutions: channels_last is a layout of 4-d image tensors")
    m = build_again(model).to(memory_format=torch.channels_last)
    traced = trace(m, example.to(memory_format=torch.channels_last))
    return traced, ("model.to(memory_format=torch.channels_last), traced with a channels_last example; "
                    "the weights are saved channels_last")


def separable_pool(model, example):
    m, n = separable_pools(model)
    return trace(m, example), f"{n} MaxPool2d as element-wise maxima of strided views (SeparableMaxPool2d), then trace"


def pooled(model):
    """The model bf16 is made from: with its max pooling separable when it has any (the faster
    form on both torch versions, above), so the bf16 file is the fastest bf16 way to run it."""
    try:
        return separable_pools(model)[0]
    except ValueError:
        return model


def build_again(model):
    import copy
    return copy.deepcopy(model)


def bf16(model, example, notes):
    wrap = InBf16 if example.is_floating_point() else TokensInBf16
    made, failed = {}, {}
    forms = [("weights-cast", lambda: trace(wrap(build_again(model)).eval(), example)),
             ("autocast", lambda: trace(Autocast(build_again(model)).eval(), example))]
    if example.is_floating_point() and example.dim() == 4 and has_convolutions(model):
        forms.insert(1, ("weights-cast-channels-last",
                         lambda: trace(InBf16ChannelsLast(build_again(model)).eval(), example)))
    for kind, make in forms:
        try:
            module = make()
            made[kind] = (module, ms_per_pass(module, example, passes=20))
        except Exception as e:  # e.g. a fused kernel without a bf16 version in this torch
            failed[kind] = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
    notes["bf16_ms_per_pass_batch1_in_torch"] = {k: round(t, 2) for k, (_, t) in made.items()}
    if failed:
        notes["bf16_failed_in_torch"] = failed
    if not made:
        raise RuntimeError("no bf16 form runs in this torch: " + "; ".join(f"{k}: {v}" for k, v in failed.items()))
    described = {
        "weights-cast": "weights cast to bf16, input cast in (unless token ids) and output cast out",
        "weights-cast-channels-last": "weights cast to bf16 in channels_last, input cast in and made "
                                      "channels_last, output cast out",
        "autocast": "fp32 weights traced under torch.autocast('cpu', bfloat16)",
    }
    kind = min(made, key=lambda k: made[k][1])
    others = ", ".join(f"{k} {t:.1f}" for k, (_, t) in made.items() if k != kind)
    return made[kind][0], (f"{described[kind]}: {made[kind][1]:.1f} ms per pass at batch 1 in torch "
                           f"{torch.__version__}" + (f" against {others}" if others else "")
                           + (f"; failed: {failed}" if failed else ""))


def int8(model, example, notes, calibration):
    engines = torch.backends.quantized.supported_engines
    engine = next((e for e in ("x86", "fbgemm", "onednn", "qnnpack") if e in engines), None)
    if engine is None:
        raise RuntimeError(f"no quantized engine in this torch (supported: {engines})")
    torch.backends.quantized.engine = engine
    notes["qengine"] = engine
    m = build_again(model)
    if not has_convolutions(m):
        # TransformerEncoderLayer's fused fast path reads every Linear's .weight as a tensor; a
        # dynamically quantized Linear's weight is a method, so the layers take the unfused path
        unfused = 0
        for layer in m.modules():
            if isinstance(layer, torch.nn.TransformerEncoderLayer):
                layer.activation_relu_or_gelu = 0
                unfused += 1
        q = torch.ao.quantization.quantize_dynamic(m, {torch.nn.Linear}, dtype=torch.qint8)
        return trace(q, example), (f"dynamic int8 quantization of every Linear ({engine} engine)"
                                   + (f"; the {unfused} encoder layers run unfused (their fused fast path "
                                      f"cannot take quantized Linears)" if unfused else ""))
    from torch.ao.quantization import get_default_qconfig_mapping
    from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx
    prepared = prepare_fx(m, get_default_qconfig_mapping(engine), example_inputs=(example,))
    with torch.no_grad():
        for x in calibration:
            prepared(x)
    q = Dequantized(convert_fx(prepared)).eval()
    return trace(q, example), (f"FX post-training static quantization, {engine} engine and its default qconfig, "
                               f"calibrated on {sum(x.shape[0] for x in calibration)} seeded standard-normal "
                               f"inputs; input quantized and output dequantized inside the file")


def layout_note(path):
    """Whether the channels-last file converts its NCHW input (contiguous/to calls in its code), and
    what layout its first convolution's output has when given the NCHW-contiguous input the Java side
    passes (measured in this torch)."""
    loaded = torch.jit.load(path)
    code = loaded.code + "".join(m.code for _, m in loaded.named_modules() if hasattr(m, "code"))
    converts = "contiguous" in code or "memory_format" in code
    convs = [p for p in loaded.parameters() if p.dim() == 4]
    nchw = torch.randn(*SHAPE)
    first = torch.nn.functional.conv2d(nchw, convs[0], stride=2, padding=3)
    first_cl = first.is_contiguous(memory_format=torch.channels_last) and not first.is_contiguous()
    return {"graph_converts_input": converts,
            "saved_weights_channels_last": f"{sum(p.is_contiguous(memory_format=torch.channels_last) for p in convs)}"
                                           f" of {len(convs)}",
            "first_conv_output_channels_last_from_nchw_input": first_cl,
            "reading": ("no conversion in the graph; " + (
                "a convolution of the NCHW input with the saved channels_last weight gives a channels_last "
                "output, so the network runs channels_last from its first convolution on" if first_cl else
                "the NCHW input stays NCHW through the first convolution")) if not converts else
            "the graph converts its input explicitly"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model", help="a torchvision.models name, e.g. resnet50, or bert_base")
    parser.add_argument("outdir")
    parser.add_argument("--samples", type=int, default=16, help="seeded inputs for the torch-side deviation")
    args = parser.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    model = build(args.model)
    example = make_input(args.model, 1, torch.Generator().manual_seed(0))
    checks = seeded_inputs(args.model, args.samples, 1, seed=1)
    calibration = seeded_inputs(args.model, 8, 4, seed=2)
    notes = {}
    if not is_bert(args.model):
        unit_scale(model, args.model, notes)
    makers = [
        ("fp32", lambda: fp32(model, example)),
        ("frozen", lambda: frozen(build_again(model), example)),
        ("bn-folded", lambda: bn_folded(model, example)),
        ("channels-last", lambda: channels_last(model, example)),
        ("separable-pool", lambda: separable_pool(model, example)),
        ("bf16", lambda: bf16(pooled(model), example, notes)),
        ("int8", lambda: int8(model, example, notes, calibration)),
    ]
    variants = []
    reference = None
    for name, make in makers:
        entry = {"name": name}
        started = time.perf_counter()
        try:
            exported, what = make()
            path = os.path.join(args.outdir, name + ".pt")
            exported.save(path)
            loaded = torch.jit.load(path)
            if reference is None:
                reference = loaded
            entry.update(file=os.path.abspath(path), done=what,
                         deviation_vs_fp32_in_torch=deviation(reference, loaded, checks))
            if name == "channels-last":
                entry["layout"] = layout_note(path)
            entry["seconds_to_make_and_check"] = round(time.perf_counter() - started, 1)
            print("wrote", path, json.dumps(entry["deviation_vs_fp32_in_torch"]))
        except Exception as e:  # a variant this torch cannot make is recorded, not fatal
            entry.update(file=None, skipped=f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
            print("skipped", name, entry["skipped"])
        variants.append(entry)
    summary = {"model": args.model, "torch": torch.__version__, "torchvision": torchvision.__version__,
               "input": "x".join(map(str, shape(args.model))) + ("" if example.is_floating_point() else ":int64"),
               "seed": "torch.manual_seed(0) weights; inputs from "
               "torch.Generator seeds 0 (trace example), 1 (deviation checks), 2 (int8 calibration), 3 (BatchNorm statistics, when set: see batchnorm_statistics)",
               "quantized_engines": torch.backends.quantized.supported_engines, **notes, "variants": variants}
    with open(os.path.join(args.outdir, "variants.json"), "w") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")
    print("wrote", os.path.join(args.outdir, "variants.json"))


if __name__ == "__main__":
    main()
