"""Exports a torchvision architecture with seeded random weights to TorchScript (nothing downloaded).

    /usr/bin/python3 scripts/export_torchvision.py resnet50 /tmp/resnet50.pt [--batch 1]

Needs Debian's python3-torch and python3-torchvision. The file is traced with a 1x3x224x224 input
(any batch runs) and checked to reproduce the eager output; benchmark it with
`--model file:/tmp/resnet50.pt --input 1x3x224x224`.
"""
import argparse

import torch
import torchvision


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model", help="a torchvision.models name, e.g. resnet50, mobilenet_v2")
    parser.add_argument("out", help="where to write the TorchScript file")
    args = parser.parse_args()
    torch.manual_seed(0)
    model = getattr(torchvision.models, args.model)(weights=None).eval()
    example = torch.randn(1, 3, 224, 224)
    with torch.no_grad():
        traced = torch.jit.trace(model, example)
        assert torch.allclose(traced(example), model(example), atol=1e-4)
    traced.save(args.out)
    print("wrote", args.out)


if __name__ == "__main__":
    main()
