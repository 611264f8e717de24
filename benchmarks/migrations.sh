#!/usr/bin/env bash
# Times `check --migrations` of two pipeline-guard binaries on the same generated PostgreSQL sets, in one
# run, rounds interleaved, and prints each one's median wall time and peak memory and the ratios
# (candidate / baseline). Whole processes: what a pipeline pays.
#
#   benchmarks/migrations.sh BASELINE_BIN CANDIDATE_BIN
#   SIZES="2000:45 10000:120" ROUNDS=5 benchmarks/migrations.sh old/pipeline-guard new/pipeline-guard   (files:MB on disk)
# One run reads at most 128 MiB of migrations, so the 10,000-file set is 120 MB.
#
# Build a binary of any commit with:
#   git worktree add /tmp/pg-old <rev> && dotnet publish /tmp/pg-old/src/PipelineGuard.Cli -c Release -r linux-x64 -o /tmp/pg-old-bin
# Needs: the .NET SDK (for the generator) and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -eq 2 ] || { echo "usage: benchmarks/migrations.sh BASELINE_BIN CANDIDATE_BIN" >&2; exit 2; }
baseline=$1 candidate=$2
sizes=${SIZES:-"2000:45 10000:120"}
rounds=${ROUNDS:-5}
work=${WORK:-$(mktemp -d)}
command -v /usr/bin/time >/dev/null || { echo "migrations.sh: GNU time is required (apt-get install -y time)" >&2; exit 2; }

dotnet build benchmarks/PipelineGuard.Benchmarks -c Release -nologo -v q >/dev/null
generator=(dotnet benchmarks/PipelineGuard.Benchmarks/bin/Release/net10.0/PipelineGuard.Benchmarks.dll)

# One run: prints "seconds peak_kb"; exit 1 (a block) is the expected outcome, anything else stops the script.
run() {
  local bin=$1 dir=$2 status
  set +e
  (cd "$dir" && /usr/bin/time -f "%e %M" -o "$work/time" "$bin" check --migrations db --environment production --quiet >/dev/null 2>"$work/err")
  status=$?
  set -e
  if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
    echo "migrations.sh: $bin exited $status in $dir:" >&2; cat "$work/err" >&2; exit 1
  fi
  tail -n 1 "$work/time"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "| files | MB | baseline s | candidate s | time ratio | baseline peak MB | candidate peak MB | memory ratio |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for size_spec in $sizes; do
  files=${size_spec%%:*} mb=${size_spec##*:}
  set_dir="$work/set-$files-$mb"
  [ -d "$set_dir/db" ] || "${generator[@]}" generate "$set_dir/db" "$files" "$mb" 7 >/dev/null
  : >"$work/b" ; : >"$work/c"
  for _ in $(seq "$rounds"); do
    run "$baseline" "$set_dir" >>"$work/b"
    run "$candidate" "$set_dir" >>"$work/c"
  done
  bs=$(cut -d' ' -f1 "$work/b" | median); cs=$(cut -d' ' -f1 "$work/c" | median)
  bm=$(cut -d' ' -f2 "$work/b" | median); cm=$(cut -d' ' -f2 "$work/c" | median)
  size=$(du -sm "$set_dir/db" | cut -f1)
  awk -v f="$files" -v s="$size" -v bs="$bs" -v cs="$cs" -v bm="$bm" -v cm="$cm" 'BEGIN {
    printf "| %d | %d | %.2f | %.2f | %.2fx | %d | %d | %.2fx |\n", f, s, bs, cs, cs / bs, bm / 1024, cm / 1024, cm / bm }'
done
