#!/usr/bin/env bash
# Times `audit verify` on a chained log of N lines (default 180,000) built from a real record.
# Usage: benchmarks/audit/verify.sh [lines] [pipeline-guard command...]
# Example: benchmarks/audit/verify.sh 180000 dotnet src/PipelineGuard.Cli/bin/Release/net10.0/pipeline-guard.dll
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
lines="${1:-180000}"
shift || true
if [ "$#" -eq 0 ]; then set -- dotnet "$root/src/PipelineGuard.Cli/bin/Release/net10.0/pipeline-guard.dll"; fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# One real record from a real check run, then the chain grown from it.
"$@" check --plan "$root/examples/prod-db-delete/plan.json" --environment production --audit-log "$work/seed.jsonl" --quiet > /dev/null || true
python3 "$here/grow-log.py" "$work/seed.jsonl" "$work/audit.jsonl" "$lines"
bytes=$(stat -c %s "$work/audit.jsonl")
for run in 1 2 3; do
  /usr/bin/time -f "run $run: %e s, peak %M KB" "$@" audit verify "$work/audit.jsonl" > "$work/out.txt"
done
head -1 "$work/out.txt"
echo "log: $lines lines, $bytes bytes"
