#!/usr/bin/env bash
# Where the default run's time goes: runs `./nn train --seed 1` RUNS times (default 3), each under an exclusive
# hold of the shared timing lock, timestamps every line it prints as the line arrives, and prints the wall-clock
# median and a phase breakdown per run.
#   bash nn-bench/default_run.sh [RUNS] [-- extra train options]
#   NN_BENCH_LOCK=/work/quiet.lock (default when it exists; empty for no lock)
#   NN_BENCH_CLASSES=1  one more run with -Xlog:class+load (not in the median): JVM start, the launcher's share,
#                       when main and the native libraries load, classes loaded and how many came from CDS.
# MNIST_DIR must point at local MNIST (or the launcher's default cache must hold it), so no download is timed.
# The jar is built first (outside the timing) when a source is newer than it.
#
# Phases, from the arrival time of each line (bash's $EPOCHREALTIME, microseconds):
#   start    launch of ./nn until "loading MNIST …": the launcher's checks, JVM start, picocli, jblas's and
#            OpenBLAS's native libraries (TrainCommand loads both before reading data)
#   data     until the "network …" line: MNIST read and decoded, the network built
#   epoch k  from the previous line to epoch k's line; "train" is the seconds the line prints (Sgd's own clock,
#            rounded to 0.1 s), "monitor" the rest: the cost over the training data and the validation pass. Since
#            the trainer measures each epoch beside the next one's steps, epoch k's line comes during epoch k + 1
#            (when its figures are ready), so the gaps are whole epochs and "monitor" is what measuring adds to
#            the steps (negative when a gap's steps print more seconds than the gap)
#   test     from the last epoch line to "test accuracy": the test pass
#   exit     from "test accuracy" until the process has exited
# load is the load average before the run; steal the CPU seconds the hypervisor took from this machine's CPUs
# during the run (/proc/stat), which no lock keeps out.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-3}"
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
extra=("$@")
lock="${NN_BENCH_LOCK-/work/quiet.lock}"
[ -n "$lock" ] && [ ! -e "$lock" ] && lock=""
out="${NN_BENCH_OUT:-nn-bench/target/default-run}"
mkdir -p "$out"

# Runs a command (a function too) holding the lock exclusively; released when it returns.
with_lock() {
  if [ -z "$lock" ]; then "$@"; return; fi
  { flock -x 9; "$@"; } 9<"$lock"
}

# Outside the timing: builds the jar when stale, and lets the launcher write its class-data sharing archive (a
# first train run after a build does, at exit) and check it (the next launch does), so that every timed run is an
# ordinary one. NN_CDS=0 measures without the archive.
./nn -V >/dev/null
with_lock ./nn train --seed 1 --epochs 1 --train-limit 1000 "${extra[@]}" >/dev/null 2>&1
./nn -V >/dev/null

# One timed run: every line of stdout and stderr prefixed with its arrival time; the last line is "END <time> <rc>".
timed_run() {
  local log="$1"
  shift
  {
    local t0 rc
    t0=$EPOCHREALTIME
    echo "START $t0 $(cut -d' ' -f1-3 /proc/loadavg) $(awk '/^cpu /{print $9}' /proc/stat)"
    set +e
    ./nn train --seed 1 "${extra[@]}" "$@" 2>&1 | while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done
    rc=${PIPESTATUS[0]}
    set -e
    echo "END $EPOCHREALTIME $rc $(cut -d' ' -f1-3 /proc/loadavg) $(awk '/^cpu /{print $9}' /proc/stat)"
  } >"$log"
}

# Phase breakdown of one log, as one tab-separated line of seconds:
# wall start data train monitor test exit epoch1(train+monitor) epoch2 steady-epoch(median of 3..30) load
breakdown() {
  awk '
    function at(s) { return s + 0 }
    /^START / { t0 = at($2); load = $3; steal0 = $6; next }
    /^END / { tend = at($2); rc = $3; steal1 = $7; next }
    { t = at($1); line = substr($0, index($0, " ") + 1) }
    line ~ /^loading MNIST/ && !tl { tl = t }
    line ~ /^network \[/ && !tn { tn = t }
    line ~ /^epoch +[0-9]+\// {
      split(line, f, " +"); secs = f[3] + 0; k++
      gap = t - prev; train += secs; mon += gap - secs; ep[k] = gap; tr[k] = secs; last = t
    }
    line ~ /^test accuracy/ { tt = t }
    { prev = t }
    END {
      if (rc != 0) { printf "run failed with exit code %s\n", rc > "/dev/stderr"; exit 1 }
      n = 0; for (i = 3; i <= k; i++) s[++n] = ep[i]
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (s[j] < s[i]) { x = s[i]; s[i] = s[j]; s[j] = x }
      steady = n ? (n % 2 ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2) : 0
      printf "%.2f\t%.2f\t%.2f\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.3f\t%s\t%.1f\n", tend - t0, tl - t0, tn - tl, train,
        mon, tt - last, tend - tt, ep[1], ep[2], steady, load, (steal1 - steal0) / 100
    }' "$1"
}

printf 'run\twall\tstart\tdata\ttrain\tmonitor\ttest\texit\tepoch1\tepoch2\tsteady\tload\tsteal\n'
walls=()
for i in $(seq "$runs"); do
  log="$out/run$i.log"
  with_lock timed_run "$log"
  row="$(breakdown "$log")"
  printf '%s\t%s\n' "$i" "$row"
  walls+=("$(cut -f1 <<<"$row")")
done
median="$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}')"
echo "median wall clock of $runs runs: $median s"
# Every run must print the same figures: the epoch lines without their seconds, and the test line.
figures() { sed -E 's/^[0-9.]+ //' "$1" | grep -E '^(epoch +[0-9]+/|test accuracy)' | sed -E 's/^(epoch +[0-9]+\/[0-9]+) +[0-9.]+ s/\1/'; }
figures "$out/run1.log" >"$out/figures.txt"
for i in $(seq 2 "$runs"); do
  figures "$out/run$i.log" | cmp -s - "$out/figures.txt" || echo "run $i printed other figures than run 1!"
done
echo "figures (epoch lines without seconds, test line): $out/figures.txt, sha1 $(sha1sum <"$out/figures.txt" | cut -c1-12)"

if [ "${NN_BENCH_CLASSES:-0}" = 1 ]; then
  classlog="$out/classes.log"
  rm -f "$classlog"
  NN_JAVA_OPTIONS="${NN_JAVA_OPTIONS:-} -Xlog:class+load=info:file=$classlog:uptimemillis,timemillis" \
    with_lock timed_run "$out/classes-run.log"
  t0="$(awk '/^START /{print $2}' "$out/classes-run.log")"
  # Each log line starts [<epoch ms>ms][<uptime ms>ms]; the JVM started at the first line's difference.
  awk -v t0="$t0" '
    {
      split($1, d, /[][]/); wall = substr(d[2], 1, length(d[2]) - 2) + 0; up = substr(d[4], 1, length(d[4]) - 2) + 0
      if (NR == 1) { printf "launcher until the JVM started: %.0f ms\n", wall - up - t0 * 1000 }
      n++; if ($0 ~ /shared objects file/) cds++
      if (!main && $0 ~ / nn\.examples\.Main /) { main = 1; printf "JVM start until nn.examples.Main loads: %d ms\n", up }
      if (!jb && $0 ~ / org\.jblas\./) { jb = 1; printf "first jblas class: %d ms\n", up }
      if (!ob && $0 ~ / org\.bytedeco\./) { ob = 1; printf "first JavaCPP (OpenBLAS) class: %d ms\n", up }
      if (!mn && $0 ~ / nn\.mnist\.Idx/) { mn = 1; printf "first MNIST reader class: %d ms\n", up }
      if (!sg && $0 ~ / nn\.core\.Sgd /) { sg = 1; printf "Sgd loads (training starts): %d ms\n", up }
    }
    END { printf "classes loaded: %d, from the CDS archive: %d\n", n, cds }' "$classlog"
fi
