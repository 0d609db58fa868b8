"""Exports torchvision's image classifiers as TorchScript with reference MAC and parameter counts.

    /usr/bin/python3 scripts/torchvision_reference.py OUTDIR [--models a,b,c] [--list] [--max-params N]
                                                        [--weights-size] [--threads N]

Needs Debian's python3-torch 1.13 and python3-torchvision 0.14; nothing is downloaded. Every
classification architecture of torchvision.models (list_models(module=torchvision.models): no
quantized, detection, segmentation, video or optical-flow model) is built with random weights
(torch.manual_seed(0), weights=None; inception_v3 and googlenet with aux_logits=False,
init_weights=False), put in eval mode, traced under torch.no_grad() with a seeded 1x3xSxS input
(S = 299 for inception_v3, a ViT's own image_size, else 224; with --weights-size the crop size of
torchvision's published weights, e.g. 256 for swin_v2_*, 600 for efficientnet_b7), checked to
reproduce its eager output and saved as OUTDIR/<name>.pt. One line per model goes to OUTDIR/reference.csv:

    model,input,params,macs,macs_dispatch,seconds

params        parameter elements, each tensor once (model.parameters() skips tied repeats)
macs          forward hooks (count_hook_macs): Conv/ConvTranspose/Linear from their shapes,
              MultiheadAttention, torchvision's Swin ShiftedWindowAttention(V2) and MaxViT's
              attention analytically, LSTM/GRU/RNN per layer, direction and step
macs_dispatch a second, independent count (count_dispatch_macs): a TorchDispatchMode that sees the
              aten ops of the same eager forward (convolution, mm, addmm, bmm, baddbmm, ... and the
              fused attention kernels) and counts from their real operand shapes
seconds       wall time for building, counting, tracing, checking and saving that model

1 MAC = one multiply-accumulate; biases, normalisation, activations, pooling and softmax count 0.
Models are processed in ascending order of the parameter count torchvision's weights metadata
publishes (the big ones, regnet_y_128gf and vit_h_14 at ~2.5 GB each, last); --max-params skips
those above N. The run is resumable: models already in reference.csv are skipped. A disagreement
between macs and macs_dispatch is printed as a warning (there were none for torchvision 0.14).

The counting functions are shared with scripts/make_torchscript_fixtures.py.
"""
import argparse
import csv
import inspect
import math
import os
import sys
import time

import torch
import torch.nn as nn
from torch.utils._python_dispatch import TorchDispatchMode

# ----------------------------------------------------------------------------------------------
# Parameters


def _quantized_weight_modules():
    """Quantized module classes whose weights are packed (not nn.Parameters)."""
    try:
        import torch.ao.nn.quantized as nnq
        import torch.ao.nn.quantized.dynamic as nnqd
    except ImportError:  # older torch
        import torch.nn.quantized as nnq
        import torch.nn.quantized.dynamic as nnqd
    linear = (nnq.Linear, nnqd.Linear)
    conv = (nnq.Conv1d, nnq.Conv2d, nnq.Conv3d)
    conv_t = tuple(c for c in (getattr(nnq, "ConvTranspose1d", None), getattr(nnq, "ConvTranspose2d", None),
                               getattr(nnq, "ConvTranspose3d", None)) if c is not None)
    return linear, conv, conv_t


def count_params(model):
    """Parameter elements, each tensor once: model.parameters() (which skips tied repeats) plus the
    weight and bias elements packed inside quantized Linear/Conv modules (weight() and bias())."""
    total = sum(p.numel() for p in model.parameters())
    q_linear, q_conv, q_conv_t = _quantized_weight_modules()
    seen = set()
    for m in model.modules():
        if isinstance(m, q_linear + q_conv + q_conv_t):
            w, b = m.weight(), m.bias()
            for t in (w, b):
                if t is not None and id(t) not in seen:
                    seen.add(id(t))
                    total += t.numel()
    return total


# ----------------------------------------------------------------------------------------------
# Method 1: forward hooks


def mha_macs(batch, len_q, len_kv, embed, kdim, vdim):
    """nn.MultiheadAttention: q projection L*E*E, k S*kdim*E, v S*vdim*E, out projection L*E*E and
    the two attention products Q K^T and A V, L*S*E each (all heads together), per batch element."""
    return batch * (len_q * embed * embed + len_kv * kdim * embed + len_kv * vdim * embed
                    + len_q * embed * embed + 2 * len_q * len_kv * embed)


def swin_window_attention_macs(batch, height, width, channels, window):
    """torchvision's shifted_window_attention on a B x H x W x C input: the feature map is padded to
    multiples of the window; on the padded tokens qkv (C -> 3C) and proj (C -> C) projections, and
    per window of T tokens Q K^T and A V, T*T*C each (all heads together)."""
    pad_h = math.ceil(height / window[0]) * window[0]
    pad_w = math.ceil(width / window[1]) * window[1]
    tokens = batch * pad_h * pad_w
    windows = batch * (pad_h // window[0]) * (pad_w // window[1])
    per_window = window[0] * window[1]
    return tokens * channels * 3 * channels + tokens * channels * channels \
        + 2 * windows * per_window * per_window * channels


def rnn_macs(module, inp):
    """nn.LSTM/GRU/RNN: per layer, direction and step gates * hidden * (layer input + recurrent
    input) (4 gates LSTM, 3 GRU, 1 RNN), plus an LSTM's projection hidden * proj_size."""
    if not torch.is_tensor(inp):  # PackedSequence: the real steps
        steps_times_batch = int(inp.batch_sizes.sum())
    elif inp.dim() == 2:
        steps_times_batch = inp.shape[0]
    else:
        steps_times_batch = inp.shape[0] * inp.shape[1]
    gates = {"LSTM": 4, "GRU": 3, "RNN_TANH": 1, "RNN_RELU": 1}[module.mode]
    hidden = module.hidden_size
    proj = getattr(module, "proj_size", 0) or 0
    recurrent = proj if proj > 0 else hidden
    directions = 2 if module.bidirectional else 1
    total = 0
    for layer in range(module.num_layers):
        layer_input = module.input_size if layer == 0 else recurrent * directions
        per_step = gates * hidden * (layer_input + recurrent) + (hidden * proj if proj > 0 else 0)
        total += directions * per_step
    return total * steps_times_batch


def _module_macs(module, inputs, output):
    """The MACs of one call of a module that does products itself, or None for other modules."""
    q_linear, q_conv, q_conv_t = _quantized_weight_modules()
    if callable(getattr(module, "reference_macs", None)):
        # a module whose forward does products itself (matmul, bmm, einsum) states them
        return module.reference_macs(inputs, output)
    if isinstance(module, nn.modules.conv._ConvTransposeNd):
        # every input element is multiplied into C_out/groups x kernel outputs
        return inputs[0].numel() * (module.out_channels // module.groups) * math.prod(module.kernel_size)
    if isinstance(module, nn.modules.conv._ConvNd):
        return output.numel() * (module.in_channels // module.groups) * math.prod(module.kernel_size)
    if isinstance(module, q_conv_t):
        w = module.weight()  # C_in x C_out/groups x k...
        return inputs[0].numel() * w.shape[1] * math.prod(w.shape[2:])
    if isinstance(module, q_conv):
        w = module.weight()  # C_out x C_in/groups x k...
        return output.numel() * math.prod(w.shape[1:])
    if isinstance(module, nn.Linear):
        return output.numel() * module.in_features
    if isinstance(module, q_linear):
        return output.numel() * module.weight().shape[1]
    if isinstance(module, nn.Bilinear):
        return output.numel() * module.in1_features * module.in2_features
    if isinstance(module, nn.MultiheadAttention):
        # torch passes out_proj's weight to F.multi_head_attention_forward (or the fused kernel):
        # out_proj is never called as a module, so it is only counted here
        q, k = module._effbench_query_key  # recorded by count_hook_macs (forward hooks see no kwargs)
        if q.dim() == 2:
            batch, len_q, len_kv = 1, q.shape[0], k.shape[0]
        elif module.batch_first:
            batch, len_q, len_kv = q.shape[0], q.shape[1], k.shape[1]
        else:
            batch, len_q, len_kv = q.shape[1], q.shape[0], k.shape[0]
        return mha_macs(batch, len_q, len_kv, module.embed_dim, module.kdim, module.vdim)
    if isinstance(module, nn.RNNBase):
        return rnn_macs(module, inputs[0])
    if isinstance(module, (nn.LSTMCell, nn.GRUCell, nn.RNNCell)):
        gates = 4 if isinstance(module, nn.LSTMCell) else 3 if isinstance(module, nn.GRUCell) else 1
        batch = inputs[0].shape[0] if inputs[0].dim() == 2 else 1
        return batch * gates * module.hidden_size * (module.input_size + module.hidden_size)
    name = type(module).__name__
    if name in ("ShiftedWindowAttention", "ShiftedWindowAttentionV2") and hasattr(module, "window_size"):
        # qkv and proj are nn.Linear but only their weights are passed to F.linear: counted here;
        # V2's cpb_mlp IS called as a module, its Linear hooks count it (nothing here)
        b, h, w, c = inputs[0].shape
        return swin_window_attention_macs(b, h, w, c, module.window_size)
    if name == "RelativePositionalMultiHeadAttention" and hasattr(module, "to_qkv"):
        # MaxViT: to_qkv and merge are called as modules (their hooks count them); the two
        # einsums Q K^T and A V are B*G*P*P*D each
        b, g, p, d = inputs[0].shape
        return 2 * b * g * p * p * d
    return None


def _encoder_layer_macs(layer, src):
    """nn.TransformerEncoderLayer's fused fast path (torch._transformer_encoder_layer_fwd) calls no
    submodule: self-attention plus the two feed-forward linears, counted from the layer's shapes."""
    attn = layer.self_attn
    if src.dim() == 2:
        batch, length = 1, src.shape[0]
    elif attn.batch_first:
        batch, length = src.shape[0], src.shape[1]
    else:
        batch, length = src.shape[1], src.shape[0]
    tokens = batch * length
    return mha_macs(batch, length, length, attn.embed_dim, attn.kdim, attn.vdim) \
        + tokens * layer.linear1.in_features * layer.linear1.out_features \
        + tokens * layer.linear2.in_features * layer.linear2.out_features


def _recording_query_key(module, forward):
    signature = inspect.signature(forward)

    def recording(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        module._effbench_query_key = (bound.arguments["query"], bound.arguments["key"])
        return forward(*args, **kwargs)
    return recording


def count_hook_macs(model, inputs, per_module=None):
    """MACs of one eager forward of model(*inputs), from forward hooks on the modules that do
    products (see _module_macs). Run under the caller's grad mode. per_module, a dict, receives the
    MACs per module name."""
    total = [0]
    calls = [0]
    layer_calls = {}
    handles = []
    names = {m: n for n, m in model.named_modules()}

    def hook(module, inp, out):
        macs = _module_macs(module, inp, out)
        if macs:
            total[0] += macs
            if per_module is not None:
                per_module[names[module]] = per_module.get(names[module], 0) + macs

    def pre_hook(module, inp):
        calls[0] += 1

    def layer_pre(module, inp):
        layer_calls[module] = calls[0]

    def layer_post(module, inp, out):
        if calls[0] == layer_calls.pop(module):  # fast path: no submodule ran
            macs = _encoder_layer_macs(module, inp[0])
            total[0] += macs
            if per_module is not None:
                per_module[names[module]] = per_module.get(names[module], 0) + macs

    patched = []
    for m in model.modules():
        if isinstance(m, nn.MultiheadAttention):
            # torchvision's ViT passes query=, key=, value= as keywords, which 1.13's hooks do not see
            m.forward = _recording_query_key(m, m.forward)
            patched.append(m)
        handles.append(m.register_forward_pre_hook(pre_hook))
        handles.append(m.register_forward_hook(hook))
        if isinstance(m, nn.TransformerEncoderLayer):
            handles.append(m.register_forward_pre_hook(layer_pre))
            handles.append(m.register_forward_hook(layer_post))
    try:
        model(*inputs)
    finally:
        for h in handles:
            h.remove()
        for m in patched:
            del m.forward
            m.__dict__.pop("_effbench_query_key", None)
    return total[0]


# ----------------------------------------------------------------------------------------------
# Method 2: aten ops seen by a TorchDispatchMode


def _numel(shape):
    return math.prod(shape)


class _DispatchMacCounter(TorchDispatchMode):
    """Counts MACs from the aten ops an eager forward reaches (after autograd and composite
    decompositions: linear/matmul/einsum arrive as mm/addmm/bmm/baddbmm, conv1d/2d/3d and
    conv_transpose as convolution). Fused kernels whose inner products are invisible here
    (_native_multi_head_attention, _transformer_encoder_layer_fwd) are counted from their weight
    arguments, quantized linear/conv from their packed weights. unknown collects other ops that could
    hide products."""

    def __init__(self):
        super().__init__()
        self.macs = 0
        self.by_op = {}
        self.by_dtype = {}
        self.unknown = set()

    def _add(self, op, macs, operand):
        """operand: the tensor whose dtype the product ran in (a quantized op's unpacked weight)."""
        self.macs += macs
        self.by_op[op] = self.by_op.get(op, 0) + macs
        name = dtype_name(operand.dtype)
        self.by_dtype[name] = self.by_dtype.get(name, 0) + macs

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        op = func.overloadpacket.__name__
        aten = torch.ops.aten
        packet = func.overloadpacket
        if packet in (aten.convolution, aten._convolution):
            inp, weight = args[0], args[1]
            transposed = args[6]
            if transposed:  # weight C_in x C_out/groups x k...
                self._add(op, inp.numel() * _numel(weight.shape[1:]), inp)
            else:  # weight C_out x C_in/groups x k...
                self._add(op, out.numel() * _numel(weight.shape[1:]), inp)
        elif packet is aten.mm:
            a, b = args[0], args[1]
            self._add(op, a.shape[0] * a.shape[1] * b.shape[1], a)
        elif packet is aten.addmm:
            a, b = args[1], args[2]
            self._add(op, a.shape[0] * a.shape[1] * b.shape[1], a)
        elif packet is aten.bmm:
            a, b = args[0], args[1]
            self._add(op, a.shape[0] * a.shape[1] * a.shape[2] * b.shape[2], a)
        elif packet in (aten.baddbmm, aten.addbmm):
            a, b = args[1], args[2]
            self._add(op, a.shape[0] * a.shape[1] * a.shape[2] * b.shape[2], a)
        elif packet is aten.mv:
            self._add(op, args[0].numel(), args[0])
        elif packet is aten.addmv:
            self._add(op, args[1].numel(), args[1])
        elif packet is aten.dot:
            self._add(op, args[0].numel(), args[0])
        elif packet is aten._native_multi_head_attention:
            # (query, key, value, embed_dim, num_head, qkv_weight, qkv_bias, proj_weight, ...)
            q, k = args[0], args[1]
            embed = args[3]
            batch, len_q, len_kv = (1, q.shape[0], k.shape[0]) if q.dim() == 2 else \
                (q.shape[0], q.shape[1], k.shape[1])
            self._add(op, mha_macs(batch, len_q, len_kv, embed, embed, embed), q)
        elif packet is aten._transformer_encoder_layer_fwd:
            # (src, embed_dim, num_heads, qkv_w, qkv_b, proj_w, proj_b, use_gelu, norm_first, eps,
            #  norm_w1, norm_b1, norm_w2, norm_b2, ffn_w1, ffn_b1, ffn_w2, ffn_b2, ...)
            src, embed = args[0], args[1]
            batch, length = (1, src.shape[0]) if src.dim() == 2 else (src.shape[0], src.shape[1])
            tokens = batch * length
            self._add(op, mha_macs(batch, length, length, embed, embed, embed)
                      + tokens * args[14].numel() + tokens * args[16].numel(), src)
        elif str(packet).startswith("quantized.") and op.startswith(("linear", "conv")) \
                and len(args) > 1 and hasattr(args[1], "unpack"):
            # quantized::linear(_relu)(_dynamic) / conv{1,2,3}d(_relu) / conv_transpose{1,2,3}d with
            # packed params whose unpack() gives the (int8) weight and the bias
            weight = args[1].unpack()[0]
            # (a dynamic linear's fp32 input is quantized to int8 inside: the weight's type is the product's)
            if op.startswith("linear"):
                self._add(op, out.numel() * weight.shape[1], weight)
            elif op.startswith("conv_transpose"):  # weight C_in x C_out/groups x k...
                self._add(op, args[0].numel() * _numel(weight.shape[1:]), weight)
            else:
                self._add(op, out.numel() * _numel(weight.shape[1:]), weight)
        elif str(packet).startswith("quantized.") and op.split(".")[0] in QUANTIZED_ELEMENTWISE:
            pass  # element-wise on int8 values: no products
        elif op in ("matmul", "linear", "einsum", "tensordot", "lstm", "gru", "rnn_tanh", "rnn_relu",
                    "_thnn_fused_lstm_cell", "mkldnn_convolution", "mkldnn_rnn",
                    "_scaled_dot_product_attention", "_native_multi_head_attention_backward") \
                or op.startswith("conv") or str(packet).startswith("quantized."):
            self.unknown.add(op)
        return out


# quantized:: ops without products (a skip connection's add, concatenation, activations)
QUANTIZED_ELEMENTWISE = ("add", "add_relu", "add_scalar", "add_scalar_relu", "mul", "mul_relu",
                         "mul_scalar", "mul_scalar_relu", "cat", "cat_relu", "relu6", "hardswish",
                         "sigmoid", "leaky_relu")


def count_dispatch_macs(model, inputs, by_op=None, by_dtype=None):
    """MACs of one eager forward of model(*inputs) counted by _DispatchMacCounter, under the
    caller's grad mode. Raises if an op that could hide products was seen but not understood.
    by_dtype, a dict, receives the MACs per dtype the products' operands had as the kernels got them
    (after any cast in the code or by autocast), named by dtype_name."""
    counter = _DispatchMacCounter()
    with counter:
        model(*inputs)
    if counter.unknown:
        raise RuntimeError("ops the dispatch counter cannot count: " + ", ".join(sorted(counter.unknown)))
    if by_op is not None:
        by_op.update(counter.by_op)
    if by_dtype is not None:
        by_dtype.update(counter.by_dtype)
    return counter.macs


DTYPE_NAMES = {torch.float32: "fp32", torch.float16: "fp16", torch.bfloat16: "bf16", torch.float64: "fp64",
               torch.qint8: "int8", torch.quint8: "int8", torch.int8: "int8", torch.uint8: "int8"}


def dtype_name(dtype):
    """effbench's name of the number format a product with operands of this dtype runs in (results.csv's
    dtype column): quantized 8-bit types are int8 (8-bit integer products), other types by torch's name."""
    return DTYPE_NAMES.get(dtype, str(dtype).replace("torch.", ""))


# ----------------------------------------------------------------------------------------------
# torchvision


def classification_models():
    import torchvision
    return torchvision.models.list_models(module=torchvision.models)


def published_params(name):
    """The parameter count torchvision's weights metadata publishes for name (no download)."""
    import torchvision
    try:
        weights = list(torchvision.models.get_model_weights(name))
        return weights[0].meta["num_params"]
    except Exception:
        return 0


def build(name, vit_image_size=None):
    import torchvision
    kwargs = {"weights": None}
    if name in ("inception_v3", "googlenet"):
        kwargs.update(aux_logits=False, init_weights=False)
    if vit_image_size and name.startswith("vit_"):
        kwargs.update(image_size=vit_image_size)  # its position embedding is sized for one input size
    torch.manual_seed(0)
    return torchvision.models.get_model(name, **kwargs).eval()


def weights_crop_size(name):
    """The crop size of the transforms of torchvision's first published weights for name."""
    import torchvision
    weights = list(torchvision.models.get_model_weights(name))
    return weights[0].transforms.keywords["crop_size"]


def image_size(name, model, use_weights_size=False):
    if use_weights_size:
        return weights_crop_size(name)
    if name == "inception_v3":
        return 299
    return getattr(model, "image_size", 224)  # torchvision's VisionTransformer checks its input size


def read_done(csv_path):
    if not os.path.exists(csv_path):
        return {}
    with open(csv_path, newline="") as f:
        return {row["model"]: row for row in csv.DictReader(f)}


COLUMNS = ["model", "input", "params", "macs", "macs_dispatch", "seconds"]


def process(name, out_dir, use_weights_size=False):
    start = time.time()
    model = build(name, weights_crop_size(name) if use_weights_size else None)
    size = image_size(name, model, use_weights_size)
    torch.manual_seed(0)
    example = torch.randn(1, 3, size, size)
    params = count_params(model)
    with torch.no_grad():
        macs = count_hook_macs(model, (example,))
        macs_dispatch = count_dispatch_macs(model, (example,))
        eager = model(example)
        traced = torch.jit.trace(model, example)
        out = traced(example)
        scale = float(eager.abs().max()) or 1.0
        if not torch.allclose(out, eager, rtol=1e-3, atol=1e-4 * scale):
            raise RuntimeError(f"{name}: traced output differs from eager by {float((out - eager).abs().max())}")
    traced.save(os.path.join(out_dir, name + ".pt"))
    del traced
    return {"model": name, "input": f"1x3x{size}x{size}", "params": params, "macs": macs,
            "macs_dispatch": macs_dispatch, "seconds": f"{time.time() - start:.1f}"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", nargs="?", help="where <name>.pt and reference.csv go")
    parser.add_argument("--models", help="comma-separated names (default: all classification models)")
    parser.add_argument("--list", action="store_true", help="list the models (with the published "
                        "parameter counts that order them) and exit")
    parser.add_argument("--max-params", type=int, default=0,
                        help="skip models whose published parameter count exceeds N (default: no limit)")
    parser.add_argument("--keep", action="store_true", help="accepted for compatibility: the .pt files are always kept")
    parser.add_argument("--weights-size", action="store_true",
                        help="use the crop size of torchvision's published weights (e.g. 256 for swin_v2_*, "
                        "600 for efficientnet_b7) instead of 224 (299 for inception_v3)")
    parser.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (default: torch's own)")
    args = parser.parse_args()

    names = classification_models()
    if args.models:
        wanted = [n.strip() for n in args.models.split(",") if n.strip()]
        unknown = [n for n in wanted if n not in names]
        if unknown:
            parser.error("not a torchvision classification model: " + ", ".join(unknown))
        names = wanted
    sized = sorted(((published_params(n), n) for n in names), key=lambda t: (t[0], t[1]))
    if args.list:
        for p, n in sized:
            print(f"{n:24s} {p:>12,d}")
        return
    if not args.outdir:
        parser.error("OUTDIR is required")
    if args.threads:
        torch.set_num_threads(args.threads)
    os.makedirs(args.outdir, exist_ok=True)
    csv_path = os.path.join(args.outdir, "reference.csv")
    done = read_done(csv_path)
    new_file = not os.path.exists(csv_path)
    print(f"{'model':24s} {'input':>12s} {'params':>13s} {'macs':>17s} {'macs_dispatch':>17s} {'s':>7s}")
    rows = []
    for published, name in sized:
        if name in done:
            row = done[name]
            print(f"{name:24s} {row['input']:>12s} {int(row['params']):>13,d} {int(row['macs']):>17,d} "
                  f"{int(row['macs_dispatch']):>17,d} {'(done)':>7s}")
            continue
        if args.max_params and published > args.max_params:
            print(f"{name:24s} skipped: {published:,d} published parameters > --max-params")
            continue
        row = process(name, args.outdir, args.weights_size)
        if row["macs"] != row["macs_dispatch"]:
            print(f"WARNING {name}: hook MACs {row['macs']:,d} != dispatch MACs {row['macs_dispatch']:,d}",
                  file=sys.stderr)
        if published and row["params"] != published and name not in ("inception_v3", "vit_h_14"):
            # inception_v3's published count includes the AuxLogits head, built here without it;
            # vit_h_14's is for its 518x518 weights: 37x37 + 1 position embeddings, not 16x16 + 1
            print(f"WARNING {name}: {row['params']:,d} parameters, torchvision publishes {published:,d}",
                  file=sys.stderr)
        with open(csv_path, "a", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=COLUMNS)
            if new_file:
                writer.writeheader()
                new_file = False
            writer.writerow(row)
        rows.append(row)
        print(f"{name:24s} {row['input']:>12s} {row['params']:>13,d} {row['macs']:>17,d} "
              f"{row['macs_dispatch']:>17,d} {row['seconds']:>7s}", flush=True)


if __name__ == "__main__":
    main()
