#!/usr/bin/env bash
# Builds the action image from action/Dockerfile with podman on a locally made Debian base (no container
# registry is needed) and runs it the way the GitHub runner runs a container action, on the bundled
# example. Prints the image size and the run's wall time. A separate, slower CI stage: .ci/run does not call it.
#
#   action/build-and-run.sh            build (base and SDK images are made once and reused) and run
#   PG_PODMAN_STATE=/path ...          where podman's storage, config and the base rootfs live
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
state=${PG_PODMAN_STATE:-/var/tmp/pipeline-guard-podman}
image=localhost/pipeline-guard:dev
base=localhost/bookworm-runtime-deps:latest
sdk=localhost/pipeline-guard-sdk:10.0

missing=()
for tool in podman buildah runc debootstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 podman buildah runc debootstrap >/dev/null
fi

# No Docker engine and no registry here: rootful podman with vfs storage, runc, cgroupfs and no network.
mkdir -p "$state/storage" "$state/run"
cat >"$state/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
netns = "none"
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
CONF
cat >"$state/storage.conf" <<CONF
[storage]
driver = "vfs"
graphroot = "$state/storage"
runroot = "$state/run"
CONF
export CONTAINERS_CONF="$state/containers.conf" CONTAINERS_STORAGE_CONF="$state/storage.conf"

if ! podman image exists "$base"; then
  # The machine's own Debian mirror (one-line or deb822 sources), else Debian's.
  mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | grep -E '^(deb |URIs:)' | grep -oE 'https?://[^ ]+' | grep -v security | head -n 1 || true)
  rm -rf "$state/rootfs"
  # What mcr.microsoft.com/dotnet/runtime-deps adds to Debian: OpenSSL (hashing), CA certificates, time zones.
  debootstrap --variant=minbase --include=libssl3,ca-certificates,tzdata bookworm "$state/rootfs" \
    "${mirror:-http://deb.debian.org/debian}" >"$state/debootstrap.log"
  # A small base: no package caches, lists, documentation or translations.
  rm -rf "$state"/rootfs/var/cache/apt/archives/*.deb "$state"/rootfs/var/lib/apt/lists/* \
    "$state"/rootfs/usr/share/doc "$state"/rootfs/usr/share/man "$state"/rootfs/usr/share/info "$state"/rootfs/usr/share/locale
  tar -C "$state/rootfs" -c . | podman import - "$base" >/dev/null
fi

if ! podman image exists "$sdk"; then
  # An SDK image from this machine's .NET SDK, since mcr.microsoft.com is not reachable.
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  ctr=$(buildah from --pull-never "$base")
  buildah copy "$ctr" "$dotnet_root" /usr/share/dotnet >/dev/null
  buildah config --env DOTNET_ROOT=/usr/share/dotnet \
    --env PATH=/usr/share/dotnet:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 --env DOTNET_CLI_TELEMETRY_OPTOUT=1 --env DOTNET_NOLOGO=1 "$ctr"
  buildah commit -q "$ctr" "$sdk" >/dev/null
  buildah rm "$ctr" >/dev/null
fi

# The build runs without network: restore here first so every package (runtime pack, ILLink, Crossgen2) is in the cache.
dotnet restore "$repo/src/PipelineGuard.Cli/PipelineGuard.Cli.csproj" -r linux-x64 -p:PublishReadyToRun=true -p:PublishTrimmed=true -nologo -v quiet
build_start=$(date +%s)
podman build --pull=never -q -f "$repo/action/Dockerfile" --build-arg BASE="$base" --build-arg SDK="$sdk" \
  -v "$HOME/.nuget/packages:/root/.nuget/packages" -t "$image" "$repo" >/dev/null
build_seconds=$(( $(date +%s) - build_start ))

# The runner's layout: workspace, file commands and the event payload mounted under /github.
run=$(mktemp -d)
trap 'rm -rf "$run"' EXIT
mkdir -p "$run/workspace/deploy" "$run/file_commands" "$run/workflow" "$run/home"
cp "$repo/examples/prod-db-delete/plan.json" "$run/workspace/deploy/plan.json"
cp -r "$repo/examples/prod-db-delete/infra" "$run/workspace/infra"
printf '{"pull_request":{"number":7,"head":{"sha":"0123456789abcdef0123456789abcdef01234567"}}}\n' >"$run/workflow/event.json"
: >"$run/file_commands/set_output_1"
: >"$run/file_commands/step_summary_1"

start=$(date +%s%N)
set +e
podman run --rm --workdir /github/workspace \
  -v "$run/workspace:/github/workspace" -v "$run/file_commands:/github/file_commands" \
  -v "$run/workflow:/github/workflow" -v "$run/home:/github/home" \
  -e HOME=/github/home -e CI=true -e GITHUB_ACTIONS=true -e GITHUB_WORKSPACE=/github/workspace \
  -e GITHUB_EVENT_NAME=pull_request -e GITHUB_EVENT_PATH=/github/workflow/event.json \
  -e GITHUB_OUTPUT=/github/file_commands/set_output_1 -e GITHUB_STEP_SUMMARY=/github/file_commands/step_summary_1 \
  -e GITHUB_ACTOR=octocat -e GITHUB_SHA=9999999999999999999999999999999999999999 \
  -e INPUT_PLAN=deploy/plan.json -e INPUT_ENVIRONMENT=production -e INPUT_SOURCE-ROOT=infra \
  -e INPUT_JSON=pipeline-guard.json -e INPUT_SARIF=pipeline-guard.sarif -e INPUT_QUIET=false \
  "$image"
status=$?
set -e
run_ms=$(( ($(date +%s%N) - start) / 1000000 ))

echo "--- GITHUB_OUTPUT"
cat "$run/file_commands/set_output_1"
echo "--- exit code $status (expected 1: the example destroys a production database)"
size=$(podman image inspect --format '{{.Size}}' "$image")
echo "image $image: $((size / 1024 / 1024)) MiB; build ${build_seconds} s; container run wall time ${run_ms} ms"
[ "$status" -eq 1 ] || { echo "unexpected exit code $status" >&2; exit 1; }
grep -q '^block$' "$run/file_commands/set_output_1" || { echo "decision output missing" >&2; exit 1; }
test -s "$run/workspace/pipeline-guard.sarif" || { echo "SARIF report missing" >&2; exit 1; }
