"""Writes the small TorchScript models the tests load (src/test/resources/torchscript).

Run by scripts/make-torchscript-fixtures.sh with Debian's python3-torch; the files are committed so
tests need no Python. Weights are seeded; each model is traced with the example input its file name
documents, and checked to reproduce its eager output.
"""
import sys

import torch
import torch.nn as nn


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


def save(model, example, path, atol=1e-5):
    model.eval()
    with torch.no_grad():
        traced = torch.jit.trace(model, example)
        assert torch.allclose(traced(example), model(example), atol=atol)
    traced.save(path)
    print("wrote", path)


def main(out_dir):
    torch.manual_seed(42)
    save(SmallCnn(), torch.randn(1, 3, 32, 32), out_dir + "/small_cnn_1x3x32x32.pt")
    save(TinyAttention(), torch.randint(0, 100, (1, 8)), out_dir + "/tiny_attention_1x8_int64.pt")
    save(TinyLstm(), torch.randn(1, 5, 16), out_dir + "/tiny_lstm_1x5x16.pt")
    save(TinyEinsum(), torch.randn(1, 6, 16), out_dir + "/tiny_einsum_1x6x16.pt")
    save(ThreeLiveTensors(), torch.randn(1, 1048576), out_dir + "/three_live_tensors_1x1048576.pt")
    save(int8_dynamic_mlp(), torch.randn(1, 16), out_dir + "/int8_dynamic_mlp_1x16.pt")


if __name__ == "__main__":
    main(sys.argv[1])
