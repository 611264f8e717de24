#!/usr/bin/env bash
# Times pipeline-guard against jq on the same generated plans, in one run, several rounds each, and
# prints medians and ratios (whole processes: wall time and peak memory). The full run times the Native
# AOT binary (what every platform ships) and the JIT build (`dotnet pipeline-guard.dll`, what the .NET
# tool was before) side by side, and the start-up of both inside a git repository.
#
#   benchmarks/compare.sh                 full run: plans of 1k, 10k, 100k and 300k resource changes, 5 rounds
#   benchmarks/compare.sh --smoke         CI smoke: one 20k plan, 3 rounds; fails when pipeline-guard's
#                                         ratio to jq is less than half the recorded baseline (a 2x regression)
#   ROUNDS=7 SIZES="1000 100000" benchmarks/compare.sh
#   PG_BIN=/path/to/aot/pipeline-guard benchmarks/compare.sh   (skip the AOT publish step)
#
# Needs: the .NET SDK, jq, GNU time (/usr/bin/time). Ratios, not seconds, are what compare across machines.
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=false
[ "${1:-}" = "--smoke" ] && smoke=true
if $smoke; then
  sizes=${SIZES:-20000}
  rounds=${ROUNDS:-3}
else
  sizes=${SIZES:-"1000 10000 100000 300000"}
  rounds=${ROUNDS:-5}
fi

work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
for tool in jq /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool is required (apt-get install -y jq time)" >&2; exit 2; }
done

echo "building (Release: the Native AOT binary, and the JIT build beside it) ..." >&2
if $smoke; then
  # The smoke run uses the framework-dependent Release build (its baseline was recorded so): an AOT
  # publish takes minutes.
  dotnet build src/PipelineGuard.Cli -c Release -nologo -v q >/dev/null
  pg=(dotnet "src/PipelineGuard.Cli/bin/Release/net10.0/pipeline-guard.dll")
else
  if [ -n "${PG_BIN:-}" ]; then
    pg=("$PG_BIN")
  else
    dotnet publish src/PipelineGuard.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$work/aot" -nologo -v q >/dev/null
    pg=("$work/aot/pipeline-guard")
  fi
  dotnet build src/PipelineGuard.Cli -c Release -nologo -v q >/dev/null
  jit=(dotnet "$PWD/src/PipelineGuard.Cli/bin/Release/net10.0/pipeline-guard.dll")
fi
dotnet build benchmarks/PipelineGuard.InputGenerator -c Release -nologo -v q >/dev/null
gen=(dotnet benchmarks/PipelineGuard.InputGenerator/bin/Release/net10.0/pg-generate.dll)

# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print 0; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# run_timed <label> <cmd...>: one run, appends "seconds kilobytes" to $work/<label>.times
run_timed() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/last.time" "$@" >/dev/null 2>"$work/last.err" || true
  # The last line only: GNU time writes "Command exited with non-zero status N" first when the guard
  # blocks (exit 1), and that line once counted as a zero-second, zero-MB run and halved every median.
  tail -n 1 "$work/last.time" >> "$work/$label.times"
}

jq_filter='[.resource_changes[] | select(.change.actions | index("delete"))] | length'
if $smoke; then
  printf '| resource changes | plan MB | jq median s | jq peak MB | pipeline-guard median s | pipeline-guard peak MB | speed-up vs jq |\n'
  printf '|---:|---:|---:|---:|---:|---:|---:|\n'
else
  printf '| resource changes | plan MB | jq s | jq MB | AOT s | AOT MB | AOT time / jq time | JIT s | JIT MB | JIT time / jq time |\n'
  printf '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
fi
ratio_of_last=""
for n in $sizes; do
  plan="$work/plan-$n.json"
  [ -f "$plan" ] || "${gen[@]}" plan --resources "$n" --seed 42 --out "$plan" >/dev/null
  mb=$(awk -v b="$(stat -c %s "$plan")" 'BEGIN {printf "%.1f", b/1e6}')
  rm -f "$work/jq-$n.times" "$work/pg-$n.times" "$work/jit-$n.times"
  # warm the page cache so neither tool pays for the first read
  cat "$plan" >/dev/null
  for _ in $(seq 1 "$rounds"); do
    run_timed "jq-$n" jq "$jq_filter" "$plan"
    run_timed "pg-$n" "${pg[@]}" check --policy benchmarks/perf-policy.yml --plan "$plan" --quiet
    $smoke || run_timed "jit-$n" "${jit[@]}" check --policy benchmarks/perf-policy.yml --plan "$plan" --quiet
  done
  jq_s=$(awk '{print $1}' "$work/jq-$n.times" | median)
  jq_mb=$(awk '{print $2/1024}' "$work/jq-$n.times" | median)
  pg_s=$(awk '{print $1}' "$work/pg-$n.times" | median)
  pg_mb=$(awk '{print $2/1024}' "$work/pg-$n.times" | median)
  ratio=$(awk -v a="$jq_s" -v b="$pg_s" 'BEGIN {if (b>0) printf "%.2f", a/b; else print "inf"}')
  ratio_of_last=$ratio
  if $smoke; then
    printf '| %d | %s | %.2f | %.0f | %.2f | %.0f | %sx |\n' "$n" "$mb" "$jq_s" "$jq_mb" "$pg_s" "$pg_mb" "$ratio"
  else
    jit_s=$(awk '{print $1}' "$work/jit-$n.times" | median)
    jit_mb=$(awk '{print $2/1024}' "$work/jit-$n.times" | median)
    printf '| %d | %s | %.2f | %.0f | %.2f | %.0f | %.2fx | %.2f | %.0f | %.2fx |\n' "$n" "$mb" "$jq_s" "$jq_mb" \
      "$pg_s" "$pg_mb" "$(awk -v a="$pg_s" -v b="$jq_s" 'BEGIN {print (b>0) ? a/b : 0}')" \
      "$jit_s" "$jit_mb" "$(awk -v a="$jit_s" -v b="$jq_s" 'BEGIN {print (b>0) ? a/b : 0}')"
  fi
done

if ! $smoke; then
  # Start-up: check on a one-resource plan with the built-in policy inside a git repository (the pre-push
  # hook's cost: the deploy context reads the head commit, tags and branch).
  repo="$work/startup-repo"
  rm -rf "$repo" && mkdir -p "$repo"
  "${gen[@]}" plan --resources 1 --seed 1 --out "$repo/one.json" >/dev/null
  git -C "$repo" init -q
  git -C "$repo" -c user.name=bench -c user.email=bench@example.com add one.json
  git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -qm "one resource"
  # start_up <label> <cmd...>: 21 runs after one warm-up, wall ms each, and peak KB
  start_up() {
    local label=$1; shift
    rm -f "$work/$label.start" "$work/$label.startkb"
    (cd "$repo" || exit 1
      "$@" check --plan one.json --environment production --quiet >/dev/null 2>&1 || true
      for _ in $(seq 1 21); do
        s=$(date +%s%N); "$@" check --plan one.json --environment production --quiet >/dev/null 2>&1 || true; e=$(date +%s%N)
        echo $(( (e - s) / 1000000 )) >> "$work/$label.start"
      done
      /usr/bin/time -f "%M" -o "$work/$label.startkb" "$@" check --plan one.json --environment production --quiet >/dev/null 2>&1 || true)
  }
  start_up aot "${pg[@]}"
  start_up jit "${jit[@]}"
  aot_ms=$(median < "$work/aot.start")
  jit_ms=$(median < "$work/jit.start")
  echo
  echo "start-up, check on a 1-resource plan with the built-in policy inside a git repository, median of 21 runs:"
  echo "  AOT ${aot_ms} ms ($(( $(tail -n 1 "$work/aot.startkb") / 1024 )) MB peak), JIT ${jit_ms} ms ($(( $(tail -n 1 "$work/jit.startkb") / 1024 )) MB peak)," \
    "AOT/JIT $(awk -v a="$aot_ms" -v b="$jit_ms" 'BEGIN {printf "%.2f", (b>0) ? a/b : 0}')x"
  echo "  load average during the run: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

if $smoke; then
  baseline=$(awk '/^smoke-ratio/ {print $2}' benchmarks/smoke-baseline.txt)
  floor=$(awk -v b="$baseline" 'BEGIN {printf "%.2f", b/2}')
  echo
  echo "smoke: pipeline-guard is ${ratio_of_last}x jq's speed; baseline ${baseline}x, failing below ${floor}x"
  awk -v r="$ratio_of_last" -v f="$floor" 'BEGIN {exit !(r >= f)}' || { echo "smoke: performance regressed by 2x or more" >&2; exit 1; }
fi
