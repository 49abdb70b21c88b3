#!/usr/bin/env bash
# Config C's step, split into products and the rest (nn.bench.StepBreakdown), an older commit against this
# checkout, alternating old, new, old, new on each given JVM so that both see the same machine state.
#   bash nn-bench/breakdown_old_vs_new.sh OLD_COMMIT [rounds] [precision] [java ...]
# precision: float32 (default) or float64; java: one or more java executables (default: the java on the PATH).
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset for the runs (OpenBLAS 0.3.31 picks its own kernels), and the
# runs hold the shared timing lock exclusively (/work/quiet.lock when it exists; NN_BENCH_LOCK= for none), so
# that no other measurement overlaps them; the builds take it shared.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
old="$1"
rounds="${2:-2}"
precision="${3:-float32}"
shift $(( $# < 3 ? $# : 3 ))
javas=("$@")
[ ${#javas[@]} -gt 0 ] || javas=(java)
tree="$(mktemp -d)"
trap 'git worktree remove --force "$tree" >/dev/null 2>&1 || true' EXIT
git worktree add -q --detach "$tree" "$old"
build() { (cd "$1" && mvn -B -ntp -q -Dstyle.color=never package dependency:build-classpath -DskipTests -pl nn-bench -am \
  -Dmdep.outputFile=target/classpath.txt >/dev/null); }
lock="${NN_BENCH_LOCK-/work/quiet.lock}"
[ -n "$lock" ] && [ -e "$lock" ] || lock=/dev/null
{ flock -s 9; build "$tree"; build "$PWD"; } 9< "$lock"
run() {
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$3" \
    -cp "$1/nn-bench/target/classes:$(cat "$1/nn-bench/target/classpath.txt")" nn.bench.StepBreakdown "$precision" 3 \
    2>/dev/null | grep ' steps: ' | awk -v who="$2, $("$3" -version 2>&1 | head -1 | cut -d'"' -f2)" '{print who": "$0}'
}
measure() {
  for r in $(seq "$rounds"); do
    for java in "${javas[@]}"; do
      run "$tree" "old $old" "$java"
      run "$PWD" "new $(git rev-parse --short HEAD)" "$java"
    done
  done
}
{ flock -x 9; measure; } 9< "$lock"
