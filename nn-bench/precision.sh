#!/usr/bin/env bash
# float32 against float64, and nn against NumPy and PyTorch, side by side in one run (issue: float32 end to end).
#   bash nn-bench/precision.sh [epochs]        (from the repository root; about 5 minutes)
# Every library chooses its own kernels: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset for every command
# below (they are set on some machines for jblas's old OpenBLAS, which this run does not use).
# Needs: the python3 on the PATH with NumPy; Debian's python3-torch and libopenblas0-pthread for PyTorch
# (apt-get install python3-torch libopenblas0-pthread); /usr/bin/time for peak RSS; MNIST for the RSS runs
# ($MNIST_DIR, else ../shared/data/mnist).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
epochs="${1:-3}"
out=nn-bench/target/bench
mkdir -p "$out"
clean=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
say() { printf '%s\n' "$*" | tee -a "$out/precision.txt"; }
: > "$out/precision.txt"
say "# precision run $(date -u +%FT%TZ) on $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# Each module writes its own class path to its target/classpath.txt.
mvn -B -ntp -q package dependency:build-classpath -DskipTests -pl nn-bench,nn-examples -am \
  -Dmdep.outputFile=target/classpath.txt >/dev/null
cp="nn-bench/target/classes:$(cat nn-bench/target/classpath.txt)"

say "## nn: one epoch per measurement (JMH), and its GEMM bound, OpenBLAS in each precision"
"${clean[@]}" java -Xms3g -Xmx3g -cp "$cp" org.openjdk.jmh.Main 'nn.bench.BackendEpochBenchmark' \
  -p backend=openblas,openblas/float32 -p shape=784-30-10@10,784-800-800-10@128 -p prefetch=true \
  -f 1 -wi 1 -i "$epochs" -jvmArgs '-Xms3g -Xmx3g -XX:+UseTransparentHugePages' 2>/dev/null \
  | grep -E '^(Benchmark|BackendEpochBenchmark)' | tee -a "$out/precision.txt"

say "## NumPy (python3 on the PATH), matrix form"
for run in "float64 784-30-10@10 3.0" "float32 784-30-10@10 3.0" "float64 784-800-800-10@128 0.5" \
           "float32 784-800-800-10@128 0.5"; do
  # shellcheck disable=SC2086
  "${clean[@]}" python3 nn-bench/peer_epoch.py numpy $run "$epochs" | tail -1 | tee -a "$out/precision.txt"
done

say "## PyTorch (Debian's python3-torch), matrix form"
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  for threads in "1" "2" "2 passive"; do
    # shellcheck disable=SC2086
    "${clean[@]}" /usr/bin/python3 nn-bench/peer_epoch.py torch float32 784-800-800-10@128 0.5 "$epochs" $threads \
      | tail -1 | tee -a "$out/precision.txt"
  done
  "${clean[@]}" /usr/bin/python3 nn-bench/peer_epoch.py torch float64 784-800-800-10@128 0.5 "$epochs" 1 \
    | tail -1 | tee -a "$out/precision.txt"
else
  say "PyTorch: not installed (apt-get install python3-torch libopenblas0-pthread)"
fi

say "## Peak RSS of config C training, one epoch on MNIST (./nn train's jar)"
mnist="${MNIST_DIR:-$(cd ../shared/data/mnist 2>/dev/null && pwd || true)}"
if [ -n "$mnist" ] && [ -x /usr/bin/time ]; then
  for p in float64 float32; do
    rss="$("${clean[@]}" /usr/bin/time -f '%M' java -jar nn-examples/target/nn-examples.jar train --data "$mnist" \
      --sizes 784,800,800,10 --batch 128 --eta 0.5 --epochs 1 --seed 1 --precision "$p" 2>&1 >/dev/null | tail -1)"
    say "config C $p: peak RSS $((rss / 1024)) MiB"
  done
else
  say "peak RSS: skipped (no MNIST or no /usr/bin/time)"
fi
say "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
