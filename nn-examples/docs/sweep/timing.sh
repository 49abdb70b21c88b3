#!/usr/bin/env bash
# The sweep issue's two timing targets, measured side by side in one run:
#   two trials on the two cores at least 1.8× faster than the same two one after the other, and
#   Spark local[2] at most 15% slower than the local runner (two at once) for trials of 30 s or more.
#   nn-examples/docs/sweep/timing.sh [ROUNDS]     (default 1; each round runs the three sweeps in turn)
#   NN_SWEEP_EPOCHS=N (default 25) sets the trials' epochs: the Spark target is for trials of 30 s or more, and a
#   trial of 25 epochs takes about 21 s on a fast machine (36 epochs about 31 s).
# Each round holds the shared timing lock exclusively (/work/quiet.lock when it exists; NN_BENCH_LOCK= for none),
# so builds and tests that take it shared wait. MNIST_DIR must point at local MNIST. Prints one Markdown row per
# round: each sweep's "ran 2 trials in … s" line (first trial's start to last record written; for Spark including
# the context's start and the broadcast) with the two trials' own seconds in brackets, the speed-up, Spark's
# overhead against two at once, both on those lines and on the whole commands' wall clock (JVM start and reading
# MNIST included, as a person running them sees it), load average before the round and the CPU seconds the
# hypervisor stole during it (/proc/stat). Odd rounds run one after the other, two at once, Spark; even rounds the
# reverse, so that a drift in the machine's speed does not favour one runner. It also checks that the three
# results files hold the same records apart from the seconds.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
rounds="${1:-1}"
lock="${NN_BENCH_LOCK-/work/quiet.lock}"
[ -n "$lock" ] && [ ! -e "$lock" ] && lock=""
: "${MNIST_DIR:?set MNIST_DIR to a directory holding MNIST, so that no download is timed}"
args=(--sizes 784,100,10 --epochs "${NN_SWEEP_EPOCHS:-25}" --eta 3 --seeds 1,2 --no-test)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Outside the timing: both jars built, so that no sweep below builds one.
"$ROOT/nn" sweep --help > /dev/null
"$ROOT/nn" spark-sweep --help > /dev/null
# Also outside: one tiny Spark sweep, so that the launcher's class-data sharing archive for spark-sweep exists (the
# first spark-sweep after a build writes it at exit, the next checks it), as it does on any machine after one use.
for warm in 1 2; do
  "$ROOT/nn" spark-sweep --sizes 784,30,10 --epochs 1 --train-limit 500 --seeds 1 --no-test \
    --results "$work/warm$warm.jsonl" > /dev/null 2>&1
done

steal() { awk '/^cpu /{print $9}' /proc/stat; }

# ran SECONDS (T1, T2) for one results file and its output
figure() {
  local total trials
  total="$(sed -n 's/^ran 2 trials in \([0-9.]*\) s.*/\1/p' "$1.out")"
  trials="$(jq -r '.seconds' "$1" | awk '{printf "%s%.1f", (NR > 1 ? ", " : ""), $1}')"
  echo "$total ($trials)"
}

# the records without their seconds, one per line in trial order, for comparing runners
figures() {
  jq -c 'del(.seconds, .runner, .epochs[].seconds)' "$1" | sort
}

# run NAME COMMAND…: runs one sweep into NAME.jsonl, its output in NAME.jsonl.out, its wall clock in NAME.wall
run() {
  local name=$1 t0 t1
  shift
  t0="$(date +%s.%N)"
  "$@" --results "$name.jsonl" > "$name.jsonl.out" 2>&1
  t1="$(date +%s.%N)"
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' > "$name.wall"
}

round() {
  local r=$1 load before after one two spark order
  load="$(cut -d' ' -f1 /proc/loadavg)"
  before="$(steal)"
  cd "$work"
  rm -f one.jsonl* two.jsonl* spark.jsonl* ./*.wall
  order="one two spark"
  [ $((r % 2)) -eq 0 ] && order="spark two one"
  for name in $order; do
    case "$name" in
      one) run one "$ROOT/nn" sweep "${args[@]}" --parallel 1 ;;
      two) run two "$ROOT/nn" sweep "${args[@]}" --parallel 2 ;;
      spark) run spark "$ROOT/nn" spark-sweep "${args[@]}" --parallel 2 ;;
    esac
  done
  after="$(steal)"
  one="$(figure one.jsonl)"
  two="$(figure two.jsonl)"
  spark="$(figure spark.jsonl)"
  local same=yes
  if ! cmp -s <(figures one.jsonl) <(figures two.jsonl) || ! cmp -s <(figures one.jsonl) <(figures spark.jsonl); then
    same=NO
  fi
  awk -v r="$r" -v order="${order// /, }" -v one="$one" -v two="$two" -v spark="$spark" -v load="$load" \
      -v wtwo="$(cat two.wall)" -v wspark="$(cat spark.wall)" \
      -v steal="$(( (after - before) / $(getconf CLK_TCK) ))" -v same="$same" 'BEGIN {
    split(one, a, " "); split(two, b, " "); split(spark, c, " ");
    printf "| %s (%s) | %s s | %s s | %.2f× | %s s | %+.1f%% | %.1f s, %.1f s: %+.1f%% | %s | %s | %s |\n",
      r, order, one, two, a[1] / b[1], spark, 100 * (c[1] / b[1] - 1), wtwo, wspark, 100 * (wspark / wtwo - 1),
      load, steal, same }'
}

echo "| round (order) | one after the other | two at once | speed-up (≥ 1.8×) | Spark \`local[2]\` | Spark's overhead (≤ 15%) | whole commands: two at once, Spark, overhead | load | steal (s) | same figures |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for r in $(seq 1 "$rounds"); do
  if [ -n "$lock" ]; then
    { flock -x 9; round "$r"; } 9< "$lock"
  else
    round "$r"
  fi
done
