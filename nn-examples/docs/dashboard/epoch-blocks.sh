#!/usr/bin/env bash
# What an attached browser costs the default run's epochs, measured inside one run: `./nn train --seed 1 --ui`
# runs EPOCHS epochs while headless Chromium (started 10 s before, idle on about:blank) opens the dashboard in a tab
# for BLOCK epochs, closes it for BLOCK epochs, and so on. Runs of the same command differ by far more than a few
# percent on a shared 2-core VM (epoch-times.sh pairs: up to ±25%), because each JVM settles into its own speed;
# inside one run, blocks with and without the page see the same JVM. The first SKIP epochs of each block (the tab
# opening or closing, the page loading) and the first block (warm-up) are left out; the medians of the epochs of the
# blocks with the page and of those without it are printed (seconds from --report's history.csv), with Chromium's
# CPU during the run.
#   nn-examples/docs/dashboard/epoch-blocks.sh [EPOCHS] [BLOCK] [SKIP]     (default 64 epochs, blocks of 8, skip 2)
# Run it under the exclusive lock: flock -x /work/quiet.lock nn-examples/docs/dashboard/epoch-blocks.sh
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
epochs=${1:-64}
block=${2:-8}
skip=${3:-2}
work=$(mktemp -d)
out=$work/out.txt
data=${MNIST_DIR:-/work/shared/data/mnist}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
devtools=$(free_port)
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --remote-debugging-address=127.0.0.1 \
  --remote-debugging-port="$devtools" --user-data-dir="$work/profile" about:blank > "$work/chromium.txt" 2>&1 &
browser=$!
trap 'kill $browser $trainer 2> /dev/null; wait 2> /dev/null; rm -rf "$work"' EXIT
trainer=
sleep 10 # Chromium's start-up is over before training starts
browser_cpu() {
  local p v t=0
  for p in $(pgrep -f "user-data-dir=$work/profile"); do
    v=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}')
    t=$((t + ${v:-0}))
  done
  echo "$t"
}
"$ROOT/nn" train --data "$data" --seed 1 --epochs "$epochs" --ui "$port" --report "$work/report" > "$out" \
  2> "$work/err.txt" &
trainer=$!
tab=
attached=() # attached[k]=1 when epoch k ran with the page open
done_epochs=0
started=
while [ "$done_epochs" -lt "$epochs" ]; do
  sleep 0.02
  kill -0 "$trainer" 2> /dev/null || { echo "the trainer ended early:"; cat "$out" "$work/err.txt"; exit 1; }
  now=$(grep -c '^epoch ' "$out")
  [ "$now" -eq "$done_epochs" ] && continue
  [ -z "$started" ] && started=$(browser_cpu)
  done_epochs=$now
  # Epochs done so far form whole blocks: the next epoch starts a block with the page (odd blocks) or without.
  if [ $((done_epochs % block)) -eq 0 ] && [ "$done_epochs" -lt "$epochs" ]; then
    if [ $(((done_epochs / block) % 2)) -eq 1 ]; then
      tab=$(curl -s -X PUT "http://127.0.0.1:$devtools/json/new?http://127.0.0.1:$port/" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
    elif [ -n "$tab" ]; then
      curl -s "http://127.0.0.1:$devtools/json/close/$tab" > /dev/null
      tab=
    fi
  fi
done
cpu=$(awk -v a="$started" -v b="$(browser_cpu)" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (b - a) / hz }')
until grep -q '^training done' "$out" 2> /dev/null; do sleep 0.2; done
# history.csv: epoch (from 1), seconds, …; block b (from 0) holds epochs b*BLOCK+1 … (b+1)*BLOCK, with the page
# when b is odd. Besides the medians over all epochs with and without the page, each block with the page is
# compared with the mean of the medians of the blocks just before and after it: the host's CPU drifts between
# steady speeds that last several blocks, and neighbours mostly share one.
python3 - "$work/report/history.csv" "$block" "$skip" "$cpu" <<'PY'
import csv, statistics, sys
path, block, skip, cpu = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
blocks = {}
for row in csv.DictReader(open(path)):
    e = int(row["epoch"])
    b = (e - 1) // block
    if b > 0 and (e - 1) % block >= skip:
        blocks.setdefault(b, []).append(float(row["seconds"]))
med = {b: statistics.median(v) for b, v in blocks.items()}
with_page = [s for b, v in blocks.items() if b % 2 for s in v]
without = [s for b, v in blocks.items() if b % 2 == 0 for s in v]
mw, mo = statistics.median(with_page), statistics.median(without)
local = [100 * (med[b] / ((med[b - 1] + med[b + 1]) / 2) - 1)
         for b in sorted(med) if b % 2 and b - 1 in med and b + 1 in med]
print(f"with the page: median {mw:.4f} s over {len(with_page)} epochs; without: {mo:.4f} s over {len(without)}"
      f" epochs; with / without {100 * (mw / mo - 1):+.1f}%; each block with the page against its neighbours:"
      f" {', '.join(f'{r:+.1f}' for r in local)}% (median {statistics.median(local):+.1f}%);"
      f" Chromium {cpu} s of CPU from epoch 1 on")
PY
