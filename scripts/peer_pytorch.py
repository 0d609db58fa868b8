#!/usr/bin/python3
"""The Python PyTorch peer: the zoo's architectures in torch/torchvision, timed like effbench's
SampleTime harness (warm-up, then every forward pass timed), one process per configuration so the
intra-op thread count is set once, as in a JMH fork. Writes CSV rows in effbench's results schema
(the columns it can fill); `java -jar target/benchmarks.jar analyze RUN_FOLDER --force` merges them.

Run through scripts/peer-pytorch.sh, which installs Debian's torch and gives it its best settings.
"""
import argparse
import csv
import json
import math
import os
import subprocess
import sys
import time

COLUMNS = ["run_id", "model", "batch_size", "intra_op_threads", "callers", "dtype", "jmh_mode", "forks",
           "iterations", "latency_ms_mean", "latency_ms_p50", "latency_ms_p90", "latency_ms_p99",
           "latency_ms_p999", "latency_ms_error", "throughput_samples_per_s", "benchmark", "throughput_source",
           "warmup", "measurement", "warnings", "latency_n", "latency_ms_min", "latency_ms_max", "latency_ms_stdev",
           "latency_ms_p95"]

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


def measure_one(model, batch, threads, warmup_s, measure_s):
    import torch
    torch.set_num_threads(threads)
    net, make_input = build(model)
    net.eval()
    x = make_input(batch)
    with torch.inference_mode():
        end = time.perf_counter() + warmup_s
        while time.perf_counter() < end:
            net(x)
        times = []
        end = time.perf_counter() + measure_s
        while time.perf_counter() < end or len(times) < 5:
            t0 = time.perf_counter_ns()
            out = net(x)
            float(out.reshape(-1)[0])  # read the output, as the harness does
            times.append((time.perf_counter_ns() - t0) / 1e6)
    times.sort()
    n = len(times)
    mean = sum(times) / n
    sd = math.sqrt(sum((t - mean) ** 2 for t in times) / (n - 1)) if n > 1 else float("nan")

    def pct(p):
        return percentile(times, p)

    return {"model": model, "batch_size": batch, "intra_op_threads": threads, "callers": 1, "dtype": "fp32",
            "jmh_mode": "sample", "forks": 1, "iterations": n, "latency_ms_mean": mean,
            "latency_ms_p50": pct(50), "latency_ms_p90": pct(90), "latency_ms_p99": pct(99),
            "latency_ms_p999": pct(99.9), "latency_ms_error": t999(n - 1) * sd / math.sqrt(n),
            "latency_n": n, "latency_ms_min": times[0], "latency_ms_max": times[-1], "latency_ms_stdev": sd,
            "latency_ms_p95": pct(95),
            "throughput_samples_per_s": batch * 1000.0 / mean, "benchmark": "PyTorchPeer.forward",
            "throughput_source": "derived: batch / mean latency",
            "warmup": "%gs" % warmup_s, "measurement": "%d calls in %gs" % (n, measure_s),
            "warnings": "Python PyTorch %s peer (%s)" % (torch.__version__, os.environ.get("EFFBENCH_PEER_SETTINGS", ""))}


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--models", default="resnet50,resnet18,mobilenet_v2,bert_base")
    ap.add_argument("--batches", default="1,8")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--warmup", type=float, default=6.0, help="seconds of warm-up per configuration")
    ap.add_argument("--measure", type=float, default=15.0, help="seconds of measurement per configuration")
    ap.add_argument("--out", required=True, help="CSV to write (refused if it exists)")
    ap.add_argument("--run-id", default="")
    ap.add_argument("--one", nargs=3, metavar=("MODEL", "BATCH", "THREADS"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        print(json.dumps(measure_one(a.one[0], int(a.one[1]), int(a.one[2]), a.warmup, a.measure)))
        return
    if os.path.exists(a.out):
        raise SystemExit("peer_pytorch.py: %s exists; results are never overwritten" % a.out)
    rows = []
    configs = [(m, int(b), int(t)) for m in a.models.split(",") for b in a.batches.split(",") for t in a.threads.split(",")]
    for i, (m, b, t) in enumerate(configs, 1):
        print("peer %d/%d: %s batch %d threads %d" % (i, len(configs), m, b, t), flush=True)
        done = subprocess.run([sys.executable, __file__, "--one", m, str(b), str(t), "--warmup", str(a.warmup),
                               "--measure", str(a.measure), "--out", a.out], capture_output=True, text=True)
        if done.returncode != 0:
            print("peer: %s batch %d threads %d failed: %s" % (m, b, t, done.stderr.strip().splitlines()[-1:]),
                  file=sys.stderr)
            continue
        row = json.loads(done.stdout.strip().splitlines()[-1])
        row["run_id"] = a.run_id
        rows.append(row)
        print("  %.2f ms per batch (p50 %.2f)" % (row["latency_ms_mean"], row["latency_ms_p50"]), flush=True)
    partial = a.out + ".partial"
    with open(partial, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in COLUMNS})
    os.replace(partial, a.out)
    if not rows:
        raise SystemExit("peer_pytorch.py: no configuration ran")


if __name__ == "__main__":
    main()
