#!/usr/bin/python3
"""One training epoch of Nielsen's chapter-1 network with NumPy, for comparison with nn-bench's epoch benchmark.

[784, 30, 10] sigmoid network, quadratic cost, mini-batch m = 10, eta = 3, on 50,000 synthetic MNIST-shaped
examples (uniform pixels, random labels), shuffled every epoch: network.py's algorithm, but each mini-batch as
whole-matrix products (one example per column), which is how NumPy is fast. The BLAS is whatever NumPy links;
on Debian: apt-get install python3-numpy libopenblas0-pthread, then run with /usr/bin/python3.

Usage: /usr/bin/python3 nn-bench/numpy_epoch.py [epochs]   (default 5; prints each epoch and the best/median)
"""
import sys
import time

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    sizes, n, m, eta = [784, 30, 10], 50_000, 10, 3.0
    rng = np.random.default_rng(20261123)
    # One example per row, as network.py keeps them; a mini-batch is 10 contiguous rows, transposed.
    inputs = rng.random((n, sizes[0]))
    targets = np.zeros((n, sizes[-1]))
    targets[np.arange(n), rng.integers(0, sizes[-1], n)] = 1.0
    weights = [rng.standard_normal((y, x)) / np.sqrt(x) for x, y in zip(sizes[:-1], sizes[1:])]
    biases = [rng.standard_normal((y, 1)) for y in sizes[1:]]
    layers = len(weights)

    def update_mini_batch(x, y):
        activations, zs = [x], []
        for w, b in zip(weights, biases):
            z = w @ activations[-1] + b
            zs.append(z)
            activations.append(sigmoid(z))
        a = activations[-1]
        delta = (a - y) * a * (1 - a)                                     # BP1, quadratic cost
        for l in range(layers - 1, -1, -1):
            nabla_b = delta.sum(axis=1, keepdims=True)                    # BP3
            nabla_w = delta @ activations[l].T                            # BP4
            if l > 0:
                s = activations[l]
                delta = (weights[l].T @ delta) * s * (1 - s)              # BP2, before W_l changes
            weights[l] -= (eta / m) * nabla_w
            biases[l] -= (eta / m) * nabla_b

    times = []
    for epoch in range(epochs):
        start = time.perf_counter()
        order = rng.permutation(n)
        for k in range(0, n, m):
            batch = order[k:k + m]
            update_mini_batch(inputs[batch].T, targets[batch].T)
        times.append(time.perf_counter() - start)
        print(f"epoch {epoch + 1}: {times[-1] * 1000:.0f} ms")
    times.sort()
    print(f"numpy {np.__version__}: best {times[0] * 1000:.0f} ms, median {times[len(times) // 2] * 1000:.0f} ms"
          f" per epoch over {epochs} epochs")


if __name__ == "__main__":
    main()
