#!/usr/bin/python3
"""PyTorch side of the `compare` benchmark: the same GAN training loop as BareGanLoop.cs / BareDcganLoop.cs.

Goodfellow et al.'s Algorithm 1 with k = 1: a discriminator step on a real minibatch (rows of a random
permutation, one index_select) and a generated one (generator run without gradients), then a generator
step on fresh noise; non-saturating losses on logits (softplus(-x) is BCE-with-logits against 1,
softplus(x) against 0), Adam(2e-4, betas 0.5, 0.999). Networks:
  mlp:   G Linear/ReLU x len(hidden) -> Linear(features); D Linear/LeakyReLU(0.2) x len(hidden) -> Linear(1)
  dcgan: Radford et al. for 28x28: G Linear(latent, 4ngf*7*7) -> BN, ReLU -> ConvT(4ngf, 2ngf, 4, 2, 1) -> BN, ReLU
         -> ConvT(2ngf, 1, 4, 2, 1) -> tanh; D Conv(1, ndf, 4, 2, 1) -> LeakyReLU(0.2) -> Conv(ndf, 2ndf, 4, 2, 1)
         -> BN, LeakyReLU(0.2) -> Linear(2ndf*7*7, 1)
The data is a raw float32 file the C# benchmark writes (rows x features), so both sides train on the same values.
Prints one JSON line: iterations per second over --steps timed iterations after --warmup untimed ones.
`--matmul N` instead prints this torch's FP32 matrix-product GFLOP/s for an N x N x N product.

Run with Debian's interpreter (/usr/bin/python3): python3-torch is installed for it, not for a pyenv python.
"""
import argparse
import json
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def mlp(inputs, hidden, outputs, activation):
    layers, width = [], inputs
    for h in hidden:
        layers += [nn.Linear(width, h), activation()]
        width = h
    layers.append(nn.Linear(width, outputs))
    return nn.Sequential(*layers)


def dcgan(latent, ngf, ndf):
    g = nn.Sequential(
        nn.Linear(latent, 4 * ngf * 7 * 7),
        nn.Unflatten(1, (4 * ngf, 7, 7)),
        nn.BatchNorm2d(4 * ngf), nn.ReLU(),
        nn.ConvTranspose2d(4 * ngf, 2 * ngf, 4, 2, 1),
        nn.BatchNorm2d(2 * ngf), nn.ReLU(),
        nn.ConvTranspose2d(2 * ngf, 1, 4, 2, 1),
        nn.Tanh())
    d = nn.Sequential(
        nn.Conv2d(1, ndf, 4, 2, 1), nn.LeakyReLU(0.2),
        nn.Conv2d(ndf, 2 * ndf, 4, 2, 1), nn.BatchNorm2d(2 * ndf), nn.LeakyReLU(0.2),
        nn.Flatten(),
        nn.Linear(2 * ndf * 7 * 7, 1))
    return g, d


def train(g, d, data, latent, batch, steps, rng):
    g_opt = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    d_opt = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    rows = data.shape[0]
    order = torch.randperm(rows, generator=rng)
    for step in range(steps):
        start = step * batch % (rows - batch + 1)
        real = data.index_select(0, order.narrow(0, start, batch))
        with torch.no_grad():
            fake = g(torch.randn(batch, latent, generator=rng))
        d_opt.zero_grad()
        d_loss = F.softplus(-d(real)).mean() + F.softplus(d(fake)).mean()
        d_loss.backward()
        d_opt.step()
        g_opt.zero_grad()
        g_loss = F.softplus(-d(g(torch.randn(batch, latent, generator=rng)))).mean()
        g_loss.backward()
        g_opt.step()


def matmul_gflops(n, reps=5):
    a, b = torch.randn(n, n), torch.randn(n, n)
    torch.mm(a, b)
    best = float("inf")
    for _ in range(reps):
        t = time.perf_counter()
        torch.mm(a, b)
        best = min(best, time.perf_counter() - t)
    return 2.0 * n ** 3 / best / 1e9


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", choices=["mlp", "dcgan"], default="mlp")
    p.add_argument("--data", help="raw float32 file, rows x features (dcgan: rows x 784)")
    p.add_argument("--features", type=int, default=2)
    p.add_argument("--latent", type=int, default=2)
    p.add_argument("--hidden", default="256,256")
    p.add_argument("--ngf", type=int, default=32)
    p.add_argument("--ndf", type=int, default=32)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--steps", type=int, default=1000)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--matmul", type=int, default=0)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    if a.matmul:
        print(json.dumps({"matmul": a.matmul, "gflops": matmul_gflops(a.matmul), "threads": torch.get_num_threads(),
                          "torch": torch.__version__}))
        return

    torch.manual_seed(a.seed)
    rng = torch.Generator().manual_seed(a.seed)
    flat = torch.from_numpy(np.fromfile(a.data, dtype=np.float32))
    if a.model == "mlp":
        data = flat.reshape(-1, a.features)
        hidden = [int(h) for h in a.hidden.split(",") if h]
        g = mlp(a.latent, hidden, a.features, nn.ReLU)
        d = mlp(a.features, hidden, 1, lambda: nn.LeakyReLU(0.2))
    else:
        data = flat.reshape(-1, 1, 28, 28)
        g, d = dcgan(a.latent, a.ngf, a.ndf)
    g.train()
    d.train()

    train(g, d, data, a.latent, a.batch, a.warmup, rng)
    start = time.perf_counter()
    train(g, d, data, a.latent, a.batch, a.steps, rng)
    seconds = time.perf_counter() - start
    print(json.dumps({"model": a.model, "steps": a.steps, "seconds": seconds, "iterations_per_second": a.steps / seconds,
                      "threads": torch.get_num_threads(), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
