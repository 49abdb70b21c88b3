#!/usr/bin/env python3
"""One training epoch of the book's network in NumPy or PyTorch, matrix form, for side-by-side ratios with nn.

The same algorithm as nn's batched engine and nn-bench's epoch benchmarks: sigmoid layers, quadratic cost,
mini-batches of m examples as whole-matrix products (one example per column), shuffled every epoch, on
50,000 synthetic MNIST-shaped examples (uniform pixels, random labels). Every library chooses its own kernels:
run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (env -u ... python3 peer_epoch.py ...).

  python3 peer_epoch.py numpy float64 784-30-10@10 3.0 [epochs]            NumPy on the PATH (2.4, OpenBLAS 0.3.31)
  /usr/bin/python3 peer_epoch.py torch float32 784-800-800-10@128 0.5 [epochs] [threads] [passive]
                                                                            Debian's python3-torch
Prints each epoch, then one line: "<lib> <version> <dtype> <shape> <threads>: best N ms, median N ms".
"""
import os
import sys
import time


def main():
    lib, dtype, shape, eta = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    epochs = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    threads = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    passive = len(sys.argv) > 7 and sys.argv[7] == "passive"
    if passive:
        os.environ["OMP_WAIT_POLICY"] = "PASSIVE"  # before torch starts its OpenMP pool
    sizes = [int(s) for s in shape.split("@")[0].split("-")]
    m = int(shape.split("@")[1])
    n = 50_000
    if lib == "numpy":
        import numpy as xp
        version = xp.__version__
        rng = xp.random.default_rng(20261123)
        dt = xp.float32 if dtype == "float32" else xp.float64
        inputs = rng.random((n, sizes[0])).astype(dt)
        labels = rng.integers(0, sizes[-1], n)
        targets = xp.zeros((n, sizes[-1]), dtype=dt)
        targets[xp.arange(n), labels] = 1.0
        weights = [(rng.standard_normal((y, x)) / xp.sqrt(x)).astype(dt) for x, y in zip(sizes[:-1], sizes[1:])]
        biases = [rng.standard_normal((y, 1)).astype(dt) for y in sizes[1:]]
        exp = xp.exp
        permutation = lambda: rng.permutation(n)
        transpose = lambda a: a.T
    else:
        import torch as xp
        xp.set_num_threads(threads)
        version = xp.__version__
        xp.manual_seed(20261123)
        dt = xp.float32 if dtype == "float32" else xp.float64
        inputs = xp.rand((n, sizes[0]), dtype=dt)
        labels = xp.randint(0, sizes[-1], (n,))
        targets = xp.zeros((n, sizes[-1]), dtype=dt)
        targets[xp.arange(n), labels] = 1.0
        weights = [xp.randn((y, x), dtype=dt) / x ** 0.5 for x, y in zip(sizes[:-1], sizes[1:])]
        biases = [xp.randn((y, 1), dtype=dt) for y in sizes[1:]]
        exp = xp.exp
        permutation = lambda: xp.randperm(n)
        transpose = lambda a: a.t()
    layers = len(weights)
    step = eta / m

    def update_mini_batch(x, y):
        activations = [x]
        for w, b in zip(weights, biases):
            activations.append(1.0 / (1.0 + exp(-(w @ activations[-1] + b))))
        a = activations[-1]
        delta = (a - y) * a * (1 - a)                                     # BP1, quadratic cost
        for l in range(layers - 1, -1, -1):
            nabla_b = delta.sum(1, keepdims=True)                         # BP3
            nabla_w = delta @ transpose(activations[l])                   # BP4
            if l > 0:
                s = activations[l]
                delta = (transpose(weights[l]) @ delta) * s * (1 - s)     # BP2, before W_l changes
            weights[l] -= step * nabla_w
            biases[l] -= step * nabla_b

    def update_mini_batch_torch(x, y):
        # The same equations in PyTorch's fastest idioms: fused sigmoid, bias added inside the product
        # (addmm), BP4 fused into the weight update (addmm_, as nn's engine does), in-place scaling.
        activations = [x]
        for w, b in zip(weights, biases):
            activations.append(xp.sigmoid(xp.addmm(b, w, activations[-1])))
        a = activations[-1]
        delta = (a - y).mul_(a).mul_(1 - a)                               # BP1, quadratic cost
        for l in range(layers - 1, -1, -1):
            nabla_b = delta.sum(1, keepdim=True)                          # BP3
            previous = activations[l]
            new_delta = None
            if l > 0:
                s = activations[l]
                new_delta = (weights[l].t() @ delta).mul_(s).mul_(1 - s)  # BP2, before W_l changes
            weights[l].addmm_(delta, previous.t(), alpha=-step)           # BP4 fused into the update
            biases[l].add_(nabla_b, alpha=-step)
            delta = new_delta

    if lib == "torch":
        update_mini_batch = update_mini_batch_torch

    times = []
    for epoch in range(epochs):
        start = time.perf_counter()
        order = permutation()
        for k in range(0, n, m):
            batch = order[k:k + m]
            update_mini_batch(transpose(inputs[batch]), transpose(targets[batch]))
        times.append(time.perf_counter() - start)
        print(f"epoch {epoch + 1}: {times[-1] * 1000:.0f} ms", flush=True)
    times.sort()
    how = f"{threads} thread{'s' if threads > 1 else ''}{' passive' if passive else ''}" if lib == "torch" else "own"
    print(f"{lib} {version} {dtype} {shape} {how}: best {times[0] * 1000:.0f} ms,"
          f" median {times[len(times) // 2] * 1000:.0f} ms per epoch over {epochs} epochs")


if __name__ == "__main__":
    main()
