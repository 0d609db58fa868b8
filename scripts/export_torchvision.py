"""Exports a torchvision architecture with seeded random weights to TorchScript (nothing downloaded).

    /usr/bin/python3 scripts/export_torchvision.py resnet50 /tmp/resnet50.pt [--bf16]

Needs Debian's python3-torch and python3-torchvision. The file is traced with a 1x3x224x224 input
(any batch runs) and checked to reproduce the eager output; benchmark it with
`--model file:/tmp/resnet50.pt --input 1x3x224x224`. With --bf16 the model runs in bfloat16
between an fp32 input and output (DJL 0.36 cannot make bf16 tensors; libtorch can inside a file).
"""
import argparse

import torch
import torchvision


class InBf16(torch.nn.Module):
    """Runs the wrapped model in bfloat16 between fp32 input and output."""

    def __init__(self, model):
        super().__init__()
        self.model = model.to(torch.bfloat16)

    def forward(self, x):
        return self.model(x.to(torch.bfloat16)).float()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model", help="a torchvision.models name, e.g. resnet50, mobilenet_v2")
    parser.add_argument("out", help="where to write the TorchScript file")
    parser.add_argument("--bf16", action="store_true", help="run the model in bfloat16 inside the file")
    args = parser.parse_args()
    torch.manual_seed(0)
    model = getattr(torchvision.models, args.model)(weights=None).eval()
    if args.bf16:
        model = InBf16(model).eval()
    example = torch.randn(1, 3, 224, 224)
    with torch.no_grad():
        traced = torch.jit.trace(model, example)
        assert torch.allclose(traced(example), model(example), atol=1e-4)
    traced.save(args.out)
    print("wrote", args.out)


if __name__ == "__main__":
    main()
