#!/usr/bin/env bash
# Packages the Azure DevOps extension (.vsix) offline with tfx, from a fresh clone: it installs what it
# needs itself (npm ci for the task's runtime dependencies and for tfx in tools/).
#
#   azure-task/package.sh                   the .vsix with whatever binaries PipelineGuardV1/bin/<rid>/ holds
#   azure-task/package.sh --with-binaries   first compiles the Native AOT binary for this machine's OS and
#                                           architecture into PipelineGuardV1/bin/<rid>/ (AOT compiles for the
#                                           OS it runs on: the release workflow builds each OS on its own
#                                           runner and copies the binaries in before calling this script)
#   OUT=dir azure-task/package.sh           where the .vsix goes (default azure-task/out)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/out}
tfx=${TFX:-$here/../tools/node_modules/.bin/tfx}

(cd "$here/PipelineGuardV1" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
[ -x "$tfx" ] || (cd "$here/../tools" && npm ci --no-audit --no-fund --loglevel=error)
if [ "${1:-}" = "--with-binaries" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) rid=linux-x64 ;;
    Linux-aarch64) rid=linux-arm64 ;;
    Darwin-arm64) rid=osx-arm64 ;;
    Darwin-x86_64) rid=osx-x64 ;;
    *) rid=win-x64 ;;
  esac
  dotnet publish "$here/../src/PipelineGuard.Cli/PipelineGuard.Cli.csproj" -c Release -r "$rid" -p:PublishAot=true \
    -o "$here/PipelineGuardV1/bin/$rid" -nologo -v quiet
  rm -f "$here/PipelineGuardV1/bin/$rid"/*.dbg "$here/PipelineGuardV1/bin/$rid"/*.pdb
fi
mkdir -p "$out"
"$tfx" extension create --root "$here" --manifest-globs vss-extension.json --output-path "$out" --no-prompt
