#!/usr/bin/env bash
# Median epoch seconds of the default run (seed 1) with and without the dashboard, for the README's table.
#   nn-examples/docs/dashboard/epoch-times.sh MODE [EPOCHS]
#   MODE: plain (no --ui) | ui (--ui, no browser) | chromium (--ui, headless Chromium opened when the address is
#         printed) | attached (--ui on a port chosen here, headless Chromium started 10 s before training on a
#         waiting page that opens the dashboard as soon as its port answers: the browser's own start-up is over
#         and nothing but the page talks to it) | watcher (--ui, Chromium started before training by
#         DashboardWatcher, which asks the page for its state once a second through WebDriver; needs the test classes:
#         mvn -B -o -pl nn-examples -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
#         -Dmdep.includeScope=test, then CP_FILE=/tmp/cp.txt)
# Run it under the exclusive lock, alternating modes:  flock -x /work/quiet.lock bash -c 'for m in plain ui; do
#   nn-examples/docs/dashboard/epoch-times.sh $m; done'
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
mode=$1
epochs=${2:-30}
work=$(mktemp -d)
out=$work/out.txt
chromium_flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync)
data=${MNIST_DIR:-/work/shared/data/mnist}
# CPU ticks (user + system) of every process of this run's Chromium, found by its profile directory.
browser_cpu() {
  local p v t=0
  for p in $(pgrep -f "user-data-dir=$work/profile"); do
    v=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}') # empty if it has just exited
    t=$((t + ${v:-0}))
  done
  echo "$t"
}
if [ "$mode" = plain ]; then
  "$ROOT/nn" train --data "$data" --seed 1 --epochs "$epochs" --report "$work/report" > "$out" 2> "$work/err.txt"
else
  if [ "$mode" = watcher ]; then
    cp="$ROOT/nn-examples/target/test-classes:$ROOT/nn-examples/target/classes:$(cat "$CP_FILE")"
    java -cp "$cp" nn.examples.DashboardWatcher "$out" > "$work/watcher.txt" 2>&1 &
    watcher=$!
    sleep 4 # the browser is up before training starts
  fi
  ui=(--ui)
  if [ "$mode" = attached ]; then
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    ui=(--ui "$port")
    # Tries the port every 200 ms (an opaque no-cors fetch resolves once anything answers), then goes there.
    cat > "$work/wait.html" <<WAIT
<!doctype html><title>waiting</title><script>
const url = 'http://127.0.0.1:$port/';
(function knock() {
  fetch(url, { mode: 'no-cors' }).then(() => { location.href = url; }, () => setTimeout(knock, 200));
})();
</script>
WAIT
    chromium "${chromium_flags[@]}" --user-data-dir="$work/profile" "file://$work/wait.html" > "$work/chromium.txt" 2>&1 &
    browser=$!
    sleep 10 # its start-up (seconds of CPU) is over before training starts
  fi
  "$ROOT/nn" train --data "$data" --seed 1 --epochs "$epochs" "${ui[@]}" --report "$work/report" > "$out" 2> "$work/err.txt" &
  trainer=$!
  until grep -q '^dashboard: ' "$out" 2>/dev/null; do sleep 0.05; done
  [ "$mode" = attached ] && started=$(browser_cpu)
  url=$(grep -m1 -o 'http://[0-9.:]*/' "$out")
  if [ "$mode" = chromium ]; then
    chromium "${chromium_flags[@]}" --user-data-dir="$work/profile" "$url" > "$work/chromium.txt" 2>&1 &
    browser=$!
  fi
  if [ "$mode" = attached ]; then
    until grep -q '^epoch *1/' "$out" 2>/dev/null; do sleep 0.05; done
    first_epoch=$(browser_cpu)
  fi
  until grep -q '^training done' "$out" 2>/dev/null; do sleep 0.2; done
  [ "$mode" = attached ] && browser_note=", Chromium's processes $(awk -v a="$started" -v e="$first_epoch" \
    -v b="$(browser_cpu)" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.2f s of CPU from the address to training done, %.2f s of it after epoch 1", (b - a) / hz,
      (b - e) / hz }')"
  case "$mode" in chromium|attached) kill "$browser"; wait "$browser" 2>/dev/null ;; esac
  [ "$mode" = watcher ] && wait "$watcher"
  kill "$trainer"; wait "$trainer" 2>/dev/null
fi
seconds=$(tail -n +2 "$work/report/history.csv" | cut -d, -f2 | sort -n)
echo "$mode: median $(echo "$seconds" | awk '{a[NR]=$1} END{print (NR%2?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2)}') s over $(echo "$seconds" | wc -l) epochs${browser_note:-}"
rm -rf "$work"
