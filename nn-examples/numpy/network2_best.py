# network2.py's best configuration with NumPy, as an independent check of what the book's algorithm reaches:
# [784,100,10], cross-entropy, lambda = 5.0, eta = 0.5, mini-batch 10, 60 epochs, default (scaled) init.
# network2.py's update_mini_batch in matrix form (the mini-batch sums are the same numbers as its per-example loop).
# Usage: MNIST_DIR=/path/to/mnist python3 network2_best.py SEED [EPOCHS]
import gzip, os, sys, time, numpy as np
d = os.environ['MNIST_DIR'].rstrip('/') + '/'
def images(f):
    b = gzip.open(d + f).read(); n = int.from_bytes(b[4:8], 'big'); return np.frombuffer(b, np.uint8, offset=16).reshape(n, 784).T / 255.0
def labels(f):
    b = gzip.open(d + f).read(); return np.frombuffer(b, np.uint8, offset=8).astype(int)
X = images('train-images-idx3-ubyte.gz'); Y = labels('train-labels-idx1-ubyte.gz')
Xt = images('t10k-images-idx3-ubyte.gz'); Yt = labels('t10k-labels-idx1-ubyte.gz')
tr_x, tr_y, va_x, va_y = X[:, :50000], Y[:50000], X[:, 50000:], Y[50000:]
seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 60
rng = np.random.default_rng(seed)
sizes = [784, 100, 10]
b = [rng.standard_normal((y, 1)) for y in sizes[1:]]
w = [rng.standard_normal((y, x)) / np.sqrt(x) for x, y in zip(sizes[:-1], sizes[1:])]
sig = lambda z: 1.0 / (1.0 + np.exp(-z))
onehot = np.eye(10)[:, tr_y]
eta, lmbda, m, n = 0.5, 5.0, 10, 50000
def acc(x, y):
    a = x
    for bb, ww in zip(b, w): a = sig(ww @ a + bb)
    return int((a.argmax(0) == y).sum())
for epoch in range(epochs):
    t = time.time(); order = rng.permutation(n)
    for k in range(0, n, m):
        idx = order[k:k + m]; a0 = tr_x[:, idx]; y = onehot[:, idx]
        z1 = w[0] @ a0 + b[0]; a1 = sig(z1); z2 = w[1] @ a1 + b[1]; a2 = sig(z2)
        d2 = a2 - y                                  # cross-entropy
        d1 = (w[1].T @ d2) * a1 * (1 - a1)
        nw = [d1 @ a0.T, d2 @ a1.T]; nb = [d1.sum(1, keepdims=True), d2.sum(1, keepdims=True)]
        w = [(1 - eta * (lmbda / n)) * ww - (eta / m) * g for ww, g in zip(w, nw)]
        b = [bb - (eta / m) * g for bb, g in zip(b, nb)]
    print(f"epoch {epoch} {time.time()-t:.1f}s validation {acc(va_x, va_y)} / 10000", flush=True)
print(f"seed {seed}: test {acc(Xt, Yt)} / 10000")
