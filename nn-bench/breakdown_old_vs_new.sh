#!/usr/bin/env bash
# Config C's step, split into products and the rest (nn.bench.StepBreakdown), an older commit against this
# checkout, alternating old, new, old, new on each given JVM so that both see the same machine state.
#   bash nn-bench/breakdown_old_vs_new.sh OLD_COMMIT [rounds] [precision] [java ...]
# precision: float32 (default) or float64; java: one or more java executables (default: the java on the PATH).
# "new" is this checkout's working tree, labelled with its commit (+dirty when it has uncommitted changes).
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset for the runs (OpenBLAS 0.3.31 picks its own kernels), and the
# runs hold the shared timing lock exclusively (/work/quiet.lock when it exists; NN_BENCH_LOCK= for none), so
# that no other measurement overlaps them; the builds take it shared.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
old="${1:?usage: bash nn-bench/breakdown_old_vs_new.sh OLD_COMMIT [rounds] [float32|float64] [java ...]}"
rounds="${2:-2}"
precision="${3:-float32}"
shift $(( $# < 3 ? $# : 3 ))
javas=("$@")
[ ${#javas[@]} -gt 0 ] || javas=(java)
new="$(git rev-parse --short HEAD)"
git diff --quiet HEAD || new="$new+dirty"
tree="$(mktemp -d)"
trap 'git worktree remove --force "$tree" >/dev/null 2>&1 || true; rm -rf "$tree"' EXIT
git worktree add -q --detach "$tree" "$old"
lock="${NN_BENCH_LOCK-/work/quiet.lock}"
[ -n "$lock" ] && [ ! -e "$lock" ] && lock=""
# with_lock MODE COMMAND...: COMMAND under the timing lock (MODE -s or -x), or without one when there is none.
with_lock() {
  local mode="$1"
  shift
  if [ -n "$lock" ]; then
    { flock "$mode" 9; "$@"; } 9< "$lock"
  else
    "$@"
  fi
}
build() {
  local log
  log="$(mktemp)"
  if ! (cd "$1" && mvn -B -ntp -q package dependency:build-classpath -DskipTests -pl nn-bench -am \
      -Dmdep.outputFile=target/classpath.txt) >"$log" 2>&1; then
    echo "the build in $1 failed:" >&2
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}
builds() { build "$tree"; build "$PWD"; }
with_lock -s builds
run() {
  local out err version
  err="$(mktemp)"
  version="$("$3" -version 2>&1 | head -1 | cut -d'"' -f2)"
  if ! out="$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$3" \
      -cp "$1/nn-bench/target/classes:$(cat "$1/nn-bench/target/classpath.txt")" nn.bench.StepBreakdown \
      "$precision" 3 2>"$err")" || ! grep -q ' steps: ' <<<"$out"; then
    echo "StepBreakdown failed for $2 on $3:" >&2
    cat "$err" >&2
    rm -f "$err"
    return 1
  fi
  rm -f "$err"
  grep ' steps: ' <<<"$out" | awk -v who="$2, $version" '{print who": "$0}'
}
measure() {
  for r in $(seq "$rounds"); do
    for java in "${javas[@]}"; do
      run "$tree" "old $old" "$java"
      run "$PWD" "new $new" "$java"
    done
  done
}
with_lock -x measure
