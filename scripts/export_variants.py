"""Exports named variants of one torchvision architecture (seeded random weights, nothing downloaded).

    /usr/bin/python3 scripts/export_variants.py resnet50 /tmp/effbench-variants/resnet50

Writes OUTDIR/NAME.pt for each variant it can make and OUTDIR/variants.json: per variant its file
(or why it was skipped), what was done, and the output deviation from fp32 in this torch on seeded
inputs; plus the torch version, the quantized engine and the input shape. Every file takes an fp32
NCHW input (1x3x224x224; any batch runs) and gives fp32 logits, so each one is benchmarked as
`--model file:OUTDIR/NAME.pt --input 1x3x224x224` and compared with `deviation --reference
file:OUTDIR/fp32.pt`. Needs Debian's python3-torch and python3-torchvision (torch 1.13); DJL's
libtorch 2.7.1 loads the files.

    fp32           plain trace of the eval model
    frozen         torch.jit.freeze (folds BN into convolutions, inlines the weights as constants)
                   then torch.jit.optimize_for_inference
    bn-folded      torch.fx conv-bn fusion (torch.fx.experimental.optimization.fuse) before tracing
    channels-last  weights in channels_last, traced with a channels_last example; the file still
                   takes what the Java side passes, an NCHW-contiguous input (see variants.json:
                   "layout" says whether the graph converts it)
    bf16           the faster in this torch of: weights cast to bf16 between fp32 input and output
                   (export_torchvision.InBf16), or fp32 weights traced under CPU autocast to bf16
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


def build(name):
    torch.manual_seed(0)
    return getattr(torchvision.models, name)(weights=None).eval()


def seeded_inputs(count, batch, seed):
    g = torch.Generator().manual_seed(seed)
    return [torch.randn(batch, *SHAPE[1:], generator=g) for _ in range(count)]


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
    what = "torch.jit.freeze of the trace (folds BN into convolutions, weights as constants)"
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
    from torch.fx.experimental.optimization import fuse
    fused = fuse(model)  # copies; conv-bn pairs as single convolutions (fuse_conv_bn_eval)
    return trace(fused, example), "torch.fx.experimental.optimization.fuse (conv-bn folding), then trace"


def channels_last(model, example):
    m = build_again(model).to(memory_format=torch.channels_last)
    traced = trace(m, example.to(memory_format=torch.channels_last))
    return traced, ("model.to(memory_format=torch.channels_last), traced with a channels_last example; "
                    "the weights are saved channels_last")


def build_again(model):
    import copy
    return copy.deepcopy(model)


def bf16(model, example, notes):
    cast = trace(InBf16(build_again(model)).eval(), example)
    auto = trace(Autocast(build_again(model)).eval(), example)
    t_cast, t_auto = ms_per_pass(cast, example), ms_per_pass(auto, example)
    notes["bf16_ms_per_pass_batch1_in_torch"] = {"weights-cast": round(t_cast, 2), "autocast": round(t_auto, 2)}
    if t_cast <= t_auto:
        return cast, (f"weights cast to bf16, input cast in and output cast out (export_torchvision.InBf16): "
                      f"{t_cast:.1f} ms per pass at batch 1 in torch {torch.__version__} against "
                      f"autocast's {t_auto:.1f}")
    return auto, (f"fp32 weights traced under torch.autocast('cpu', bfloat16): {t_auto:.1f} ms per pass at "
                  f"batch 1 in torch {torch.__version__} against weights cast {t_cast:.1f}")


def int8(model, example, notes, calibration):
    engines = torch.backends.quantized.supported_engines
    engine = next((e for e in ("x86", "fbgemm", "onednn", "qnnpack") if e in engines), None)
    if engine is None:
        raise RuntimeError(f"no quantized engine in this torch (supported: {engines})")
    torch.backends.quantized.engine = engine
    notes["qengine"] = engine
    m = build_again(model)
    if not any(isinstance(x, torch.nn.Conv2d) for x in m.modules()):
        q = torch.ao.quantization.quantize_dynamic(m, {torch.nn.Linear}, dtype=torch.qint8)
        return trace(q, example), f"dynamic int8 quantization of every Linear ({engine} engine)"
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
    parser.add_argument("model", help="a torchvision.models name, e.g. resnet50")
    parser.add_argument("outdir")
    parser.add_argument("--samples", type=int, default=16, help="seeded inputs for the torch-side deviation")
    args = parser.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    model = build(args.model)
    example = torch.randn(*SHAPE, generator=torch.Generator().manual_seed(0))
    checks = seeded_inputs(args.samples, 1, seed=1)
    calibration = seeded_inputs(8, 4, seed=2)
    notes = {}
    makers = [
        ("fp32", lambda: fp32(model, example)),
        ("frozen", lambda: frozen(build_again(model), example)),
        ("bn-folded", lambda: bn_folded(model, example)),
        ("channels-last", lambda: channels_last(model, example)),
        ("bf16", lambda: bf16(model, example, notes)),
        ("int8", lambda: int8(model, example, notes, calibration)),
    ]
    variants = []
    reference = None
    for name, make in makers:
        entry = {"name": name}
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
            print("wrote", path, json.dumps(entry["deviation_vs_fp32_in_torch"]))
        except Exception as e:  # a variant this torch cannot make is recorded, not fatal
            entry.update(file=None, skipped=f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
            print("skipped", name, entry["skipped"])
        variants.append(entry)
    summary = {"model": args.model, "torch": torch.__version__, "torchvision": torchvision.__version__,
               "input": "x".join(map(str, SHAPE)), "seed": "torch.manual_seed(0) weights; inputs from "
               "torch.Generator seeds 0 (trace example), 1 (deviation checks), 2 (int8 calibration)",
               "quantized_engines": torch.backends.quantized.supported_engines, **notes, "variants": variants}
    with open(os.path.join(args.outdir, "variants.json"), "w") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")
    print("wrote", os.path.join(args.outdir, "variants.json"))


if __name__ == "__main__":
    main()
