'use strict';
// Runs pipeline-guard check for the agent's OS and maps its exit code to the task result:
// 0 -> Succeeded (SucceededWithIssues when findings warn, or would block in audit mode),
// 1 -> Failed (blocked), 2 -> Failed (not evaluated), 3 -> Failed (internal error).
const fs = require('fs');
const os = require('os');
const path = require('path');
const tl = require('azure-pipelines-task-lib/task');

const LIST_INPUTS = [['policy', '--policy'], ['plan', '--plan'], ['migrations', '--migrations']];
// One per reporter in PipelineGuard's table (Reporters.All); ReporterTableTests keeps the two in step.
const REPORT_INPUTS = [
  ['json', '--json'], ['sarif', '--sarif'], ['junit', '--junit'], ['markdown', '--markdown'],
  ['gitlabCodequality', '--gitlab-codequality'],
];
const SINGLE_INPUTS = [
  ['changedSince', '--changed-since'], ['context', '--context'], ['environment', '--environment'],
  ['service', '--service'], ['actor', '--actor'], ['commit', '--commit'], ['now', '--now'],
  ['mode', '--mode'], ...REPORT_INPUTS, ['sourceRoot', '--source-root'], ['auditLog', '--audit-log'],
  ['policyRef', '--policy-ref'], ['postgres', '--postgres'],
];

/** The .NET runtime identifier of the agent, for the binary bundled under bin/<rid>/. */
function runtimeIdentifier() {
  const platform = tl.getPlatform();
  const arch = os.arch() === 'arm64' ? 'arm64' : 'x64';
  if (platform === tl.Platform.Windows) return `win-${arch}`;
  if (platform === tl.Platform.MacOS) return `osx-${arch}`;
  return `linux-${arch}`;
}

function guardExecutable() {
  const given = tl.getInput('guardPath', false);
  if (given) {
    tl.checkPath(given, 'guardPath');
    return given;
  }
  const name = tl.getPlatform() === tl.Platform.Windows ? 'pipeline-guard.exe' : 'pipeline-guard';
  const bundled = path.join(__dirname, 'bin', runtimeIdentifier(), name);
  if (tl.exist(bundled)) return bundled;
  return tl.which('pipeline-guard', true);
}

function checkArguments() {
  const args = ['check'];
  for (const [input, option] of LIST_INPUTS) {
    for (const value of tl.getDelimitedInput(input, '\n', false)) {
      if (value.trim()) args.push(option, value.trim());
    }
  }
  for (const [input, option] of SINGLE_INPUTS) {
    const value = (tl.getInput(input, false) || '').trim();
    if (value) args.push(option, value);
  }
  if (tl.getBoolInput('quiet', false)) args.push('--quiet');
  // A pull request build is judged by the policy of the branch it merges into, so it cannot weaken that policy.
  const target = tl.getVariable('System.PullRequest.TargetBranch');
  const fromBase = (tl.getInput('policyFromBase', false) || 'true').trim().toLowerCase() !== 'false';
  if (!(tl.getInput('policyRef', false) || '').trim() && fromBase && target) {
    args.push('--policy-ref', `origin/${target.replace(/^refs\/heads\//, '')}`);
  }
  return args;
}

/** The decision from the JSON report, or null when the report is missing or unreadable. */
function reportedDecision(jsonPath) {
  if (!jsonPath) return null;
  try {
    return JSON.parse(fs.readFileSync(jsonPath, 'utf8')).decision || null;
  } catch (error) {
    tl.debug(`cannot read the JSON report ${jsonPath}: ${error.message}`);
    return null;
  }
}

async function run() {
  try {
    const guard = guardExecutable();
    const args = checkArguments();
    // The job's token lets check read pull request reviewers; it is a secret in every log line.
    const token = tl.getEndpointAuthorizationParameter('SystemVssConnection', 'AccessToken', true);
    const env = Object.assign({}, process.env, { TF_BUILD: 'True' });
    if (token) {
      tl.setSecret(token);
      env.SYSTEM_ACCESSTOKEN = token;
    }
    const code = await tl.tool(guard).arg(args).execAsync({ ignoreReturnCode: true, env });
    const decision = reportedDecision((tl.getInput('json', false) || '').trim());
    switch (code) {
      case 0:
        if (decision === 'warn' || decision === 'block') {
          tl.setResult(tl.TaskResult.SucceededWithIssues, decision === 'block'
            ? 'pipeline-guard: audit mode, the deploy would have been blocked'
            : 'pipeline-guard: passed with warnings');
        } else {
          tl.setResult(tl.TaskResult.Succeeded, 'pipeline-guard: passed');
        }
        break;
      case 1:
        tl.setResult(tl.TaskResult.Failed, 'pipeline-guard: blocked by policy (exit 1); see the issues and the PipelineGuard summary');
        break;
      case 2:
        tl.setResult(tl.TaskResult.Failed, 'pipeline-guard: not evaluated, an input or the policy could not be read (exit 2)');
        break;
      default:
        tl.setResult(tl.TaskResult.Failed, `pipeline-guard: internal error (exit ${code}); please report it`);
    }
  } catch (error) {
    tl.setResult(tl.TaskResult.Failed, `pipeline-guard: ${error.message}`);
  }
}

run();
