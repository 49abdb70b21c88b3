#!/usr/bin/env bash
# CPU that headless Chromium spends on the dashboard's updates, by kind: a page with a default run's content
# (30 epochs, 100 hidden units' weights, 40 misclassified digits) gets made-up updates of KINDS every INTERVAL_MS
# for SECONDS (nn.examples.ui.DashboardUpdates, a test class), and the CPU ticks of Chromium's processes over
# that time are printed, per process type.
#   nn-examples/docs/dashboard/frame-cost.sh KINDS [SECONDS] [INTERVAL_MS]
#   KINDS: progress, history, pictures (comma-separated); ignored (an event the page receives and ignores); or none
#          for an idle page. A page gets at most one write every 2 s (Dashboard.UPDATE_INTERVAL_MILLIS), so an
#          INTERVAL_MS under 2000 measures updates that went out together.
# Needs nn-examples/target/nn-examples.jar (./nn builds it) and the test classes (built here); JAR=PATH serves the
# page of another build's jar (e.g. an older commit's) instead. Run it under the exclusive lock:
#   flock -x /work/quiet.lock nn-examples/docs/dashboard/frame-cost.sh progress 10 250
set -eu
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
kinds=$1
seconds=${2:-10}
interval=${3:-250}
work=$(mktemp -d)
browser= server=
trap 'kill $browser $server 2> /dev/null; wait 2> /dev/null; rm -rf "$work"' EXIT
(cd "$ROOT" && mvn -B -q -o -pl nn-examples test-compile > "$work/build.txt" 2>&1) || { cat "$work/build.txt"; exit 1; }
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
java -cp "$ROOT/nn-examples/target/test-classes:${JAR:-$ROOT/nn-examples/target/nn-examples.jar}" \
  nn.examples.ui.DashboardUpdates "$port" "$kinds" "$seconds" "$interval" > "$work/out.txt" 2>&1 &
server=$!
until grep -q '^dashboard: ' "$work/out.txt" 2> /dev/null; do sleep 0.1; done
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$work/profile" "http://127.0.0.1:$port/" \
  > "$work/chromium.txt" 2>&1 &
browser=$!
# Ticks of user + system CPU per Chromium process, with its --type (the browser process has none).
ticks() {
  local p type
  for p in $(pgrep -f "user-data-dir=$work/profile"); do
    type=$(tr '\0' ' ' < "/proc/$p/cmdline" 2> /dev/null | grep -o -- '--type=[a-z-]*' | head -1)
    type=${type#--type=}
    echo "$p ${type:-browser} $(sed 's/.*) //' "/proc/$p/stat" 2> /dev/null | awk '{print $12 + $13}')"
  done | awk 'NF == 3'
}
until grep -q '^go' "$work/out.txt"; do sleep 0.05; done
ticks | sort > "$work/before"
until grep -q '^end' "$work/out.txt"; do sleep 0.05; done
ticks | sort > "$work/after"
rounds=$(grep -o '^end [0-9]*' "$work/out.txt" | cut -d' ' -f2)
join "$work/before" "$work/after" | awk -v hz="$(getconf CLK_TCK)" -v kinds="$kinds" -v rounds="$rounds" '
  { by[$2] += $5 - $3; total += $5 - $3 }
  END {
    printf "%s: %d rounds, Chromium %.2f s of CPU (%.1f ms a round;", kinds, rounds, total / hz,
      rounds ? 1000 * total / hz / rounds : 0
    for (t in by) printf " %s %.2f s", t, by[t] / hz
    print ")"
  }'
