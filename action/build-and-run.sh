#!/usr/bin/env bash
# The GitHub Action verified the way the runner runs it: builds the repository root's Dockerfile with the
# repository root as the context (as the runner does for `runs.image: Dockerfile`), then runs the image
# with the runner's flags (workspace volume, --workdir, GITHUB_* and INPUT_* variables, GITHUB_OUTPUT,
# GITHUB_STEP_SUMMARY) on the bundled example, and checks the outputs, annotations, summary, SARIF and exit
# codes. Here with podman, on images made locally (no container registry is reachable):
#   BASE  a debootstrap Debian with libssl and CA certificates (what runtime-deps carries)
#   SDK   the same plus clang, zlib and binutils (what Native AOT links with) and this machine's .NET SDK
# Both are made once and reused. Prints the build and run times.
#
#   action/build-and-run.sh            build and run
#   PG_PODMAN_STATE=/path ...          where podman's storage, config and the base rootfs live
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
state=${PG_PODMAN_STATE:-/var/tmp/pipeline-guard-podman}
image=localhost/pipeline-guard:dev
base=localhost/bookworm-runtime-deps:latest
sdk=localhost/pipeline-guard-sdk-aot:10.0

missing=()
for tool in podman buildah runc debootstrap jq; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 podman buildah runc debootstrap jq >/dev/null
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

# The machine's own Debian mirror (one-line or deb822 sources), else Debian's.
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
  | grep -E '^(deb |URIs:)' | grep -oE 'https?://[^ ]+' | grep -v security | head -n 1 || true)

# debootstrap_image IMAGE PACKAGES: a minimal Debian 12 with PACKAGES, without caches, lists or documentation.
debootstrap_image() {
  local rootfs="$state/rootfs-${1##*/}"
  rootfs=${rootfs%%:*}
  rm -rf "$rootfs"
  debootstrap --variant=minbase --include="$2" bookworm "$rootfs" "${mirror:-http://deb.debian.org/debian}" \
    >"$rootfs.debootstrap.log"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/usr/share/doc "$rootfs"/usr/share/man "$rootfs"/usr/share/info "$rootfs"/usr/share/locale
  tar -C "$rootfs" -c . | podman import - "$1" >/dev/null
  rm -rf "$rootfs"
}

prepare_start=$(date +%s)
podman image exists "$base" || debootstrap_image "$base" libssl3,ca-certificates,tzdata
if ! podman image exists "$sdk"; then
  debootstrap_image "$sdk.rootfs" libssl3,ca-certificates,tzdata,clang,zlib1g-dev,binutils
  # An SDK image from this machine's .NET SDK, since Microsoft's registry is not reachable.
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  ctr=$(buildah from --pull-never "$sdk.rootfs")
  buildah copy "$ctr" "$dotnet_root" /usr/share/dotnet >/dev/null
  buildah config --env DOTNET_ROOT=/usr/share/dotnet \
    --env PATH=/usr/share/dotnet:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 --env DOTNET_CLI_TELEMETRY_OPTOUT=1 --env DOTNET_NOLOGO=1 "$ctr"
  buildah commit -q "$ctr" "$sdk" >/dev/null
  buildah rm "$ctr" >/dev/null
  podman rmi "$sdk.rootfs" >/dev/null
fi
prepare_seconds=$(( $(date +%s) - prepare_start ))

# The build runs without network: restore here first so the AOT compiler and runtime packs are in the cache.
dotnet restore "$repo/src/PipelineGuard.Cli/PipelineGuard.Cli.csproj" -r linux-x64 -p:PublishAot=true -nologo -v quiet
build_start=$(date +%s)
podman build --pull=never -q -f "$repo/Dockerfile" --build-arg BASE="$base" --build-arg SDK="$sdk" \
  -v "$HOME/.nuget/packages:/root/.nuget/packages" -t "$image" "$repo" >/dev/null
build_seconds=$(( $(date +%s) - build_start ))

# The runner's layout: workspace, file commands and the event payload mounted under /github.
run=$(mktemp -d)
trap 'rm -rf "$run"' EXIT
mkdir -p "$run/workspace/deploy" "$run/file_commands" "$run/workflow" "$run/home"
cp "$repo/examples/prod-db-delete/plan.json" "$run/workspace/deploy/plan.json"
cp -r "$repo/examples/prod-db-delete/infra" "$run/workspace/infra"
printf '{"pull_request":{"number":7,"head":{"sha":"0123456789abcdef0123456789abcdef01234567"}}}\n' >"$run/workflow/event.json"

failures=0
fail() { echo "FAILED: $*" >&2; failures=$((failures + 1)); }

# run_action NAME INPUT=VALUE...: one step as the runner starts it; sets status, run_ms and the file paths.
run_action() {
  local name=$1; shift
  local inputs=() pair
  for pair in "$@"; do inputs+=(-e "INPUT_${pair%%=*}=${pair#*=}"); done
  outputs="$run/file_commands/set_output_$name" summary="$run/file_commands/step_summary_$name" log="$run/$name.log"
  : >"$outputs"; : >"$summary"
  local start; start=$(date +%s%N)
  set +e
  podman run --rm --workdir /github/workspace \
    -v "$run/workspace:/github/workspace" -v "$run/file_commands:/github/file_commands" \
    -v "$run/workflow:/github/workflow" -v "$run/home:/github/home" \
    -e HOME=/github/home -e CI=true -e GITHUB_ACTIONS=true -e GITHUB_WORKSPACE=/github/workspace \
    -e GITHUB_EVENT_NAME=pull_request -e GITHUB_EVENT_PATH=/github/workflow/event.json \
    -e GITHUB_OUTPUT="/github/file_commands/set_output_$name" -e GITHUB_STEP_SUMMARY="/github/file_commands/step_summary_$name" \
    -e GITHUB_ACTOR=octocat -e GITHUB_REPOSITORY=acme/shop -e GITHUB_SHA=9999999999999999999999999999999999999999 \
    -e RUNNER_TEMP=/github/home -e INPUT_JSON=pipeline-guard.json -e INPUT_SARIF=pipeline-guard.sarif -e INPUT_QUIET=false \
    -e INPUT_GITHUB-TOKEN=ghs_notarealtoken0123456789abcdefABCDEF \
    "${inputs[@]}" "$image" >"$log" 2>&1
  status=$?
  set -e
  run_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "--- $name: exit $status in ${run_ms} ms"
}

# output NAME: a step output as the runner reads it (NAME<<DELIMITER ... DELIMITER, or NAME=value).
output() {
  awk -v name="$1" '
    index($0, name "<<") == 1 { delim = substr($0, length(name) + 3); reading = 1; next }
    reading && $0 == delim { exit }
    reading { print; next }
    index($0, name "=") == 1 { print substr($0, length(name) + 2); exit }' "$outputs"
}

run_action enforce PLAN=deploy/plan.json ENVIRONMENT=production SOURCE-ROOT=infra
enforce_ms=$run_ms
cat "$log"
[ "$status" -eq 1 ] || fail "the example destroys a production database: exit 1 expected, got $status"
[ "$(output decision)" = block ] || fail "output decision is '$(output decision)', not block"
[ "$(output exit-code)" = 1 ] || fail "output exit-code is '$(output exit-code)', not 1"
[ "$(output blocking)" -ge 1 ] 2>/dev/null || fail "output blocking is '$(output blocking)'"
[ "$(output sarif-report)" = pipeline-guard.sarif ] || fail "output sarif-report is '$(output sarif-report)'"
# The example deletes a database whose block was removed from infra/ (delete_because_no_resource_config):
# no .tf line declares it any more, so the annotation lands on its change in the plan.
grep -q '^::error file=deploy/plan.json,line=[0-9]*,title=no-destroy-stateful' "$log" \
  || fail "no error annotation on the deleted database's change in deploy/plan.json"
# The token is registered as a mask (the runner then hides it) and appears nowhere else.
grep -q '^::add-mask::ghs_notarealtoken' "$log" || fail "the token was not masked"
grep -v '^::add-mask::' "$log" | cat - "$outputs" "$summary" | grep -q 'ghs_notarealtoken' && fail "the token was printed"
grep -q 'no-destroy-stateful' "$summary" || fail "the step summary does not name the blocking rule"
sarif="$run/workspace/pipeline-guard.sarif"
jq -e '.version == "2.1.0" and ([.runs[0].results[] | select(.ruleId == "no-destroy-stateful" and .level == "error")] | length) >= 1' \
  "$sarif" >/dev/null || fail "the SARIF report has no error result for no-destroy-stateful"
jq -e '.decision == "block"' "$run/workspace/pipeline-guard.json" >/dev/null || fail "the JSON report does not say block"

run_action audit PLAN=deploy/plan.json ENVIRONMENT=production MODE=audit
audit_ms=$run_ms
[ "$status" -eq 0 ] || fail "audit mode never fails the step: exit 0 expected, got $status"
[ "$(output decision)" = block ] || fail "audit mode reports the decision enforcement would give (block), got '$(output decision)'"

run_action unreadable PLAN=deploy/missing.json ENVIRONMENT=production
unreadable_ms=$run_ms
cat "$log"
[ "$status" -eq 2 ] || fail "a plan that cannot be read is exit 2, got $status"
grep -q 'missing.json' "$log" || fail "the error does not name the missing file"

size=$(podman image inspect --format '{{.Size}}' "$image")
echo
echo "image $image: $((size / 1024 / 1024)) MiB"
echo "base images: ${prepare_seconds} s (0 when reused); image build (AOT publish inside): ${build_seconds} s"
echo "container runs (wall, podman run --rm on vfs): enforce ${enforce_ms} ms, audit ${audit_ms} ms, unreadable plan ${unreadable_ms} ms"
if [ "$failures" -gt 0 ]; then
  echo "action container: $failures checks failed"
  exit 1
fi
echo "action container: all checks passed"
