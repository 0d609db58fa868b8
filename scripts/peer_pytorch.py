#!/usr/bin/python3
"""The Python PyTorch peer: one configuration of effbench's, timed like its SampleTime harness
(warm-up, then every forward pass timed), in a process of its own so the intra-op thread count is
set once, as in a JMH fork. A zoo model runs as torch/torchvision's eager architecture; a TorchScript
file (file:PATH, the same file effbench ran) through torch.jit.load, with the quantized engine its
variants.json names. Writes one CSV row in effbench's results schema (the columns it can fill),
which the run's analysis derives like effbench's own rows.

A sweep with `peer = pytorch` runs it (the jar carries it and writes it into the run folder) with
the settings the runner owns (OpenBLAS, its core type, the forks' allocator; launch.PythonPeer):
    /usr/bin/python3 peer_pytorch.py --model resnet50 --batch 8 --threads 2 --warmup 4 --measure 10 --out F.csv
"""
import argparse
import csv
import json
import math
import os
import sys
import time

COLUMNS = ["run_id", "model", "batch_size", "intra_op_threads", "callers", "dtype", "jmh_mode", "forks",
           "iterations", "latency_ms_mean", "latency_ms_p50", "latency_ms_p90", "latency_ms_p99",
           "latency_ms_p999", "latency_ms_error", "throughput_samples_per_s", "benchmark", "throughput_source",
           "warmup", "measurement", "warnings", "latency_n", "latency_ms_min", "latency_ms_max", "latency_ms_stdev",
           "latency_ms_p95", "input", "launch"]

# Two-sided 99.9% Student t quantiles by degrees of freedom (JMH reports this interval).
T999 = [(1, 636.62), (2, 31.60), (3, 12.92), (4, 8.61), (5, 6.87), (6, 5.96), (7, 5.41), (8, 5.04), (9, 4.78),
        (10, 4.59), (12, 4.32), (15, 4.07), (20, 3.85), (25, 3.73), (30, 3.65), (60, 3.46), (120, 3.37)]


def percentile(ordered, p):
    """Percentile p (in percent) of the sorted list as JMH computes it (its Statistics.getPercentile,
    Apache commons-math's Percentile default): interpolated at rank p/100 x (n + 1), clamped to the
    smallest and largest value. That is Hyndman and Fan's type 6, numpy.percentile(method="weibull")."""
    n = len(ordered)
    pos = p / 100.0 * (n + 1)
    low = math.floor(pos)
    if low < 1:
        return ordered[0]
    if low >= n:
        return ordered[-1]
    return ordered[low - 1] + (pos - low) * (ordered[low] - ordered[low - 1])


def t999(df):
    q = 3.291
    for d, v in reversed(T999):
        if df >= d:
            return v if df < 1000 else q
    return T999[0][1]


def build(name):
    import torch
    import torchvision
    torch.manual_seed(42)
    seq = None
    if ":seq=" in name:
        name, seq = name.split(":seq=")
        seq = int(seq)
    if name in ("alexnet", "vgg16", "resnet18", "resnet50", "mobilenet_v2", "squeezenet1_1"):
        return getattr(torchvision.models, name)(weights=None), lambda b: torch.randn(b, 3, 224, 224)
    if name == "bert_base":
        s = seq or 128
        return Bert(), lambda b: torch.randint(0, 30522, (b, s))
    if name == "lstm":
        s = seq or 32
        return Lstm(), lambda b: torch.randn(b, s, 1024)
    if name == "mlp":
        return torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 512),
                                   torch.nn.ReLU(), torch.nn.Linear(512, 10)), lambda b: torch.randn(b, 784)
    raise SystemExit("peer_pytorch.py: unknown model '%s'" % name)


def _torch_module():
    import torch
    return torch.nn.Module


class Bert(_torch_module()):
    """BERT-base as effbench's bert_base: embeddings, 12 post-LN encoder layers (GELU), pooler."""

    def __init__(self):
        import torch
        super().__init__()
        self.word = torch.nn.Embedding(30522, 768)
        self.position = torch.nn.Embedding(512, 768)
        self.token_type = torch.nn.Embedding(2, 768)
        self.norm = torch.nn.LayerNorm(768, eps=1e-12)
        layer = torch.nn.TransformerEncoderLayer(768, 12, 3072, dropout=0.0, activation="gelu",
                                                 layer_norm_eps=1e-12, batch_first=True)
        self.encoder = torch.nn.TransformerEncoder(layer, 12, enable_nested_tensor=False)
        self.pooler = torch.nn.Linear(768, 768)

    def forward(self, ids):
        import torch
        positions = torch.arange(ids.shape[1]).unsqueeze(0)
        x = self.word(ids) + self.position(positions) + self.token_type(torch.zeros_like(positions))
        x = self.encoder(self.norm(x))
        return torch.tanh(self.pooler(x[:, 0]))


class Lstm(_torch_module()):
    def __init__(self):
        import torch
        super().__init__()
        self.lstm = torch.nn.LSTM(1024, 1024, 2, batch_first=True)

    def forward(self, x):
        return self.lstm(x)[0]


def file_model(path, qengine=""):
    """A TorchScript file and what it is: the quantized engine it was made with (variants.json beside
    it says; an int8 file loads only under that engine), or the one effbench's fork was told to use
    (qengine), and, when variants.json lists it, how it was made (its bf16 form: weights cast, in
    channels_last or not, or autocast)."""
    import torch
    notes = []
    meta_file = os.path.join(os.path.dirname(os.path.abspath(path)), "variants.json")
    meta = {}
    if os.path.exists(meta_file):
        with open(meta_file) as f:
            meta = json.load(f)
    engine = qengine or meta.get("qengine")
    if qengine and qengine not in torch.backends.quantized.supported_engines:
        raise SystemExit("peer_pytorch.py: quantized engine %s is not one torch %s offers: %s" % (
            qengine, torch.__version__, ", ".join(torch.backends.quantized.supported_engines)))
    if engine and engine in torch.backends.quantized.supported_engines:
        torch.backends.quantized.engine = engine
    notes.append("quantized engine %s%s" % (torch.backends.quantized.engine,
                                             " (as effbench's fork was told)" if qengine else
                                             "" if engine else " (no variants.json names one)"))
    for v in meta.get("variants", []):
        if v.get("file") and os.path.abspath(v["file"]) == os.path.abspath(path):  # a skipped one has none
            notes.append("variant %s: %s" % (v["name"], v.get("done", "").split(";")[0].split(" (")[0]))
    net = torch.jit.load(path)
    net.eval()
    return net, notes


def make_inputs(spec, batch):
    """effbench's inputs for a file model: each shape with the batch replaced, floats standard normal,
    integers 0 or 1 (its TorchScriptModel.newInput), seeded."""
    import torch
    inputs = []
    for one in spec.replace(";", ",").split(","):
        shape, _, dtype = one.strip().partition(":")
        dims = [int(d) for d in shape.split("x")]
        dims[0] = batch
        if dtype in ("", "float32", "fp32"):
            inputs.append(torch.randn(dims))
        elif dtype == "float64":
            inputs.append(torch.randn(dims, dtype=torch.float64))
        else:
            inputs.append(torch.randint(0, 2, dims, dtype=torch.int64 if dtype == "int64" else torch.int32))
    return inputs


def measure_one(model, batch, threads, warmup_s, measure_s, input_spec="", qengine="", graph_optimizer="on"):
    import torch
    torch.set_num_threads(threads)
    if graph_optimizer == "off":
        # what DJL's -Dai.djl.pytorch.graph_optimizer=false does (thread-local: this thread runs it)
        torch._C._set_graph_executor_optimize(False)
    torch.manual_seed(42)
    if model.startswith("file:"):
        net, notes = file_model(model[len("file:"):], qengine)
        x = make_inputs(input_spec, batch)
        ran = "torch.jit.load, " + ", ".join(notes) + (", graph optimizer off" if graph_optimizer == "off" else "")
    else:
        net, make_input = build(model)
        net.eval()
        x = [make_input(batch)]
        ran = "eager"
    with torch.inference_mode():
        end = time.perf_counter() + warmup_s
        while time.perf_counter() < end:
            net(*x)
        times = []
        end = time.perf_counter() + measure_s
        while time.perf_counter() < end or len(times) < 5:
            t0 = time.perf_counter_ns()
            out = net(*x)
            first = out[0] if isinstance(out, (tuple, list)) else out
            float(first.reshape(-1)[0])  # read the output, as the harness does
            times.append((time.perf_counter_ns() - t0) / 1e6)
    times.sort()
    n = len(times)
    mean = sum(times) / n
    sd = math.sqrt(sum((t - mean) ** 2 for t in times) / (n - 1)) if n > 1 else float("nan")

    def pct(p):
        return percentile(times, p)

    return {"model": model, "input": input_spec, "batch_size": batch, "intra_op_threads": threads, "callers": 1,
            "dtype": "" if model.startswith("file:") else "fp32",
            "jmh_mode": "sample", "forks": 1, "iterations": n, "latency_ms_mean": mean,
            "latency_ms_p50": pct(50), "latency_ms_p90": pct(90), "latency_ms_p99": pct(99),
            "latency_ms_p999": pct(99.9), "latency_ms_error": t999(n - 1) * sd / math.sqrt(n),
            "latency_n": n, "latency_ms_min": times[0], "latency_ms_max": times[-1], "latency_ms_stdev": sd,
            "latency_ms_p95": pct(95),
            "throughput_samples_per_s": batch * 1000.0 / mean, "benchmark": "PyTorchPeer.forward",
            "throughput_source": "derived: batch / mean latency",
            "warmup": "%gs" % warmup_s, "measurement": "%d calls in %gs" % (n, measure_s),
            "warnings": "Python PyTorch %s peer (%s; BLAS mapped: %s; %s)" % (
                torch.__version__, ran, blas(), os.environ.get("EFFBENCH_PEER_SETTINGS", "settings not recorded"))}


def blas():
    """The BLAS library torch has loaded, from the process's own maps (Debian's torch takes
    whichever libblas the loader finds first)."""
    try:
        with open("/proc/self/maps") as f:
            libs = sorted({line.split()[-1] for line in f if "blas" in line.lower() and "/" in line})
        return " ".join(os.path.basename(os.path.dirname(p)) + "/" + os.path.basename(p) for p in libs) or "none mapped"
    except OSError:
        return "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="a zoo model (resnet50, bert_base:seq=64) or file:PATH.pt")
    ap.add_argument("--input", default="", help="a file model's input shapes, batch first (1x3x224x224, 1x128:int64)")
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--warmup", type=float, default=6.0, help="seconds of warm-up")
    ap.add_argument("--measure", type=float, default=15.0, help="seconds of measurement")
    ap.add_argument("--out", required=True, help="CSV to write (refused if it exists)")
    ap.add_argument("--run-id", default="")
    ap.add_argument("--qengine", default="", help="the quantized engine for a file model (default: the one"
                    " variants.json beside it names)")
    ap.add_argument("--launch", default="", help="the launch set of effbench's fork this run is paired with")
    ap.add_argument("--graph-optimizer", choices=["on", "off"], default="on",
                    help="libtorch's TorchScript graph optimizer, as effbench's fork runs it")
    a = ap.parse_args()
    if os.path.exists(a.out):
        raise SystemExit("peer_pytorch.py: %s exists; results are never overwritten" % a.out)
    if a.model.startswith("file:") and not a.input:
        raise SystemExit("peer_pytorch.py: %s needs --input, its input shapes" % a.model)
    try:
        row = measure_one(a.model, a.batch, a.threads, a.warmup, a.measure, a.input, a.qengine, a.graph_optimizer)
    except Exception as e:  # one line for the sweep's record; the traceback above it in the log
        import traceback
        traceback.print_exc()
        raise SystemExit("peer_pytorch.py: %s: %s" % (type(e).__name__, str(e).strip().splitlines()[0] if str(e).strip() else ""))
    row["run_id"] = a.run_id
    row["launch"] = a.launch
    partial = a.out + ".partial"
    with open(partial, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerow({k: row.get(k, "") for k in COLUMNS})
    os.replace(partial, a.out)
    import torch  # loaded by measure_one already
    print("PyTorch %s: p50 %.4g ms, p99 %.4g ms, mean %.4g ± %.2g ms (n=%d)" % (
        torch.__version__, row["latency_ms_p50"], row["latency_ms_p99"],
        row["latency_ms_mean"], row["latency_ms_error"], row["latency_n"]))


if __name__ == "__main__":
    main()
