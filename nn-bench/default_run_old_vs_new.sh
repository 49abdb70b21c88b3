#!/usr/bin/env bash
# The default run (`./nn train --seed 1`) of an older commit against this checkout, alternating old, new, old, new
# so that both see the same machine state: each round runs nn-bench/default_run.sh once in a worktree of OLD_COMMIT
# and once here, and prints both rows (its columns) labelled old and new, then each side's median wall clock.
#   bash nn-bench/default_run_old_vs_new.sh OLD_COMMIT [rounds]
# "new" is this checkout's working tree, labelled with its commit (+dirty when it has uncommitted changes). The
# environment is passed on as it is: to time OpenBLAS's own choice of kernels, unset OPENBLAS_CORETYPE and
# OPENBLAS_L2_SIZE for this command (env -u …). MNIST_DIR must point at local MNIST. Each timed run holds the
# shared timing lock exclusively, as default_run.sh does; the worktree is removed at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
old="${1:?usage: bash nn-bench/default_run_old_vs_new.sh OLD_COMMIT [rounds]}"
rounds="${2:-3}"
new="$(git rev-parse --short HEAD)"
git diff --quiet HEAD || new="$new+dirty"
tree="$(mktemp -d)"
trap 'git worktree remove --force "$tree" >/dev/null 2>&1 || true; rm -rf "$tree"' EXIT
git worktree add -q --detach "$tree" "$old"
# default_run.sh of this checkout in both trees, so that both are timed and split the same way.
cp nn-bench/default_run.sh "$tree/nn-bench/default_run.sh"
echo "old: $(git -C "$tree" rev-parse --short HEAD), new: $new; OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-(unset)}"
printf 'side\trun\twall\tstart\tdata\ttrain\tmonitor\ttest\texit\tepoch1\tepoch2\tsteady\tload\tsteal\n'
declare -A walls=()
for r in $(seq "$rounds"); do
  for side in old new; do
    dir="$PWD"
    [ "$side" = old ] && dir="$tree"
    row="$(cd "$dir" && NN_BENCH_OUT="$dir/nn-bench/target/default-run-$side" bash nn-bench/default_run.sh 1 \
      | awk -F'\t' '$1 == "1"')"
    [ -n "$row" ] || { echo "default_run.sh failed in $dir" >&2; exit 1; }
    printf '%s\t%s\n' "$side" "$row"
    walls[$side]+="$(cut -f2 <<<"$row") "
  done
done
for side in old new; do
  printf '%s median wall clock of %s runs: %s s\n' "$side" "$rounds" "$(tr ' ' '\n' <<<"${walls[$side]}" | grep . \
    | sort -n | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}')"
done
for side in old new; do
  dir="$PWD"
  [ "$side" = old ] && dir="$tree"
  printf '%s figures sha1 %s\n' "$side" "$(sha1sum <"$dir/nn-bench/target/default-run-$side/figures.txt" | cut -c1-12)"
done
