#!/usr/bin/env bash
# Config A ([784,30,10], m = 10) float64 epochs on OpenBLAS, an older commit against this checkout, alternating
# old, new, old, new in one run so that both see the same machine state.
#   bash nn-bench/old_vs_new.sh OLD_COMMIT [rounds]
# Builds OLD_COMMIT in a temporary worktree; runs BackendEpochBenchmark.epoch with JMH in each tree.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
old="$1"
rounds="${2:-2}"
tree="$(mktemp -d)"
trap 'git worktree remove --force "$tree" >/dev/null 2>&1 || true' EXIT
git worktree add -q --detach "$tree" "$old"
build() { (cd "$1" && mvn -B -ntp -q package dependency:build-classpath -DskipTests -pl nn-bench -am \
  -Dmdep.outputFile=target/classpath.txt >/dev/null); }
build "$tree"
build "$PWD"
run() {
  java -Xms3g -Xmx3g -cp "$1/nn-bench/target/classes:$(cat "$1/nn-bench/target/classpath.txt")" org.openjdk.jmh.Main \
    'nn.bench.BackendEpochBenchmark.epoch' -p backend=openblas -p shape=784-30-10@10 -p prefetch=true \
    -f 1 -wi 3 -i 10 -jvmArgs '-Xms3g -Xmx3g -XX:+UseTransparentHugePages' 2>/dev/null \
    | grep -E '^BackendEpochBenchmark.epoch' | awk -v who="$2" '{print who": "$0}'
}
for r in $(seq "$rounds"); do
  run "$tree" "old $old"
  run "$PWD" "new $(git rev-parse --short HEAD)"
done
