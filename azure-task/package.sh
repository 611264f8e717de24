#!/usr/bin/env bash
# Packages the Azure DevOps extension (.vsix) offline with tfx. With --with-binaries it first publishes
# pipeline-guard self-contained for each agent OS into PipelineGuardV1/bin/<rid>/ (slow; for releases).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/out}
tfx=${TFX:-$here/../tools/node_modules/.bin/tfx}

(cd "$here/PipelineGuardV1" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
if [ "${1:-}" = "--with-binaries" ]; then
  for rid in linux-x64 linux-arm64 win-x64 osx-arm64; do
    dotnet publish "$here/../src/PipelineGuard.Cli/PipelineGuard.Cli.csproj" -c Release -r "$rid" --self-contained \
      -p:PublishSingleFile=true -p:PublishTrimmed=true -p:TrimMode=partial -p:InvariantGlobalization=true -p:DebugType=none \
      -o "$here/PipelineGuardV1/bin/$rid" -nologo -v quiet
  done
fi
mkdir -p "$out"
"$tfx" extension create --root "$here" --manifest-globs vss-extension.json --output-path "$out" --no-prompt
