'use strict';
// The Azure Pipelines task under MockTestRunner. The guard's console output and JSON report are real:
// each scenario first runs the built pipeline-guard with TF_BUILD=True, then replays that run as the
// mocked tool execution, so the task sees exactly what the agent would.
const assert = require('assert');
const cp = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { MockTestRunner } = require('azure-pipelines-task-lib/mock-test');
const { commandFromString } = require('azure-pipelines-task-lib/taskcommand');

const repo = path.resolve(__dirname, '..', '..');
const guardDll = process.env.PIPELINE_GUARD_DLL
  || path.join(repo, 'src', 'PipelineGuard.Cli', 'bin', 'Debug', 'net10.0', 'pipeline-guard.dll');
const examplePlan = path.join(repo, 'examples', 'prod-db-delete', 'plan.json');
const taskJson = path.join(__dirname, '..', 'PipelineGuardV1', 'task.json');
const runTask = path.join(__dirname, 'run-task.js');
const guardOnPath = '/usr/local/bin/pipeline-guard';

function realGuardRun(args, tmp) {
  const run = cp.spawnSync('dotnet', [guardDll, ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: Object.assign({}, process.env, { TF_BUILD: 'True', AGENT_TEMPDIRECTORY: tmp, NO_COLOR: '1', GITHUB_ACTIONS: '', JENKINS_URL: '' }),
  });
  if (run.error) throw run.error;
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function runScenario(scenario) {
  process.env.PG_TASK_SCENARIO = JSON.stringify(scenario);
  const tr = new MockTestRunner(runTask, taskJson);
  tr.nodePath = process.execPath; // never download Node: use the one running the tests
  await tr.runAsync();
  return tr;
}

/** The guard's logging commands as the task library's own parser reads them. */
function guardCommands(tr, name) {
  return tr.stdout.split('\n')
    .filter((l) => l.startsWith('##vso['))
    .map((l) => commandFromString(l.trim()))
    .filter((c) => c.command === name);
}

function completion(tr) {
  const line = tr.stdout.split('\n').find((l) => l.startsWith('##vso[task.complete'));
  assert.ok(line, `no task.complete in:\n${tr.stdout}\n${tr.stderr}`);
  return line;
}

describe('PipelineGuard Azure Pipelines task', function () {
  let tmp;
  before(function () {
    assert.ok(fs.existsSync(guardDll), `build the solution first: ${guardDll} is missing`);
  });
  beforeEach(function () { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-task-')); });
  afterEach(function () { fs.rmSync(tmp, { recursive: true, force: true }); });

  function scenarioFor(inputs, extraArgs) {
    const json = path.join(tmp, 'report.json');
    const args = ['check', '--plan', examplePlan, ...extraArgs, '--json', json];
    const real = realGuardRun(args, tmp);
    return {
      real,
      scenario: {
        inputs: Object.assign({ plan: examplePlan, json }, inputs),
        onPath: guardOnPath,
        command: [guardOnPath, ...args].join(' '),
        exitCode: real.code,
        stdout: real.stdout,
      },
    };
  }

  it('fails the task when the guard blocks, with the guard\'s issues on the plan line', async function () {
    const { real, scenario } = scenarioFor({ environment: 'production' }, ['--environment', 'production']);
    assert.strictEqual(real.code, 1, real.stderr);
    const tr = await runScenario(scenario);
    assert.ok(tr.ran(scenario.command), `did not run ${scenario.command}\n${tr.stdout}`);
    assert.ok(tr.failed, 'the task should fail');
    assert.match(completion(tr), /result=Failed;.*blocked by policy \(exit 1\)/);
    const issues = guardCommands(tr, 'task.logissue');
    const issue = issues.find((c) => c.properties.code === 'no-destroy-stateful');
    assert.ok(issue, tr.stdout);
    assert.strictEqual(issue.properties.type, 'error');
    assert.strictEqual(issue.properties.sourcepath, examplePlan);
    assert.strictEqual(issue.properties.linenumber, '7');
    assert.ok(issue.message.startsWith('no-destroy-stateful: aws_db_instance.orders would be destroyed'), issue.message);
    const decision = guardCommands(tr, 'task.setvariable').find((c) => c.properties.variable === 'decision');
    assert.strictEqual(decision.message, 'block');
    assert.strictEqual(decision.properties.isoutput, 'true');
    const summary = guardCommands(tr, 'task.uploadsummary')[0];
    assert.ok(fs.readFileSync(summary.message, 'utf8').startsWith('## PipelineGuard: blocked'));
  });

  it('succeeds with issues when findings only warn', async function () {
    const policy = path.join(tmp, 'warn.yml');
    fs.writeFileSync(policy, [
      'version: 1',
      'rules:',
      '  - id: sg-review',
      '    description: Security group changes get a second look.',
      '    severity: medium',
      '    enforcement: warn',
      '    terraform: { resource_types: [aws_security_group], actions: [update] }',
      '',
    ].join('\n'));
    const { real, scenario } = scenarioFor({ policy }, ['--policy', policy]);
    assert.strictEqual(real.code, 0, real.stderr);
    scenario.command = [guardOnPath, 'check', '--policy', policy, '--plan', examplePlan, '--json', scenario.inputs.json].join(' ');
    const tr = await runScenario(scenario);
    assert.ok(tr.ran(scenario.command), tr.stdout);
    assert.match(completion(tr), /result=SucceededWithIssues;.*passed with warnings/);
    const warning = guardCommands(tr, 'task.logissue').find((c) => c.properties.code === 'sg-review');
    assert.strictEqual(warning.properties.type, 'warning');
    assert.ok(warning.message.startsWith('sg-review: aws_security_group.bastion'), warning.message);
  });

  it('succeeds when nothing blocks or warns', async function () {
    const { real, scenario } = scenarioFor({ environment: 'staging' }, ['--environment', 'staging']);
    assert.strictEqual(real.code, 0, real.stderr);
    const tr = await runScenario(scenario);
    assert.ok(tr.succeeded, tr.stdout);
    assert.match(completion(tr), /result=Succeeded;/);
    assert.strictEqual(tr.errorIssues.length, 0);
  });

  it('fails as not evaluated when the guard cannot read its input (exit 2)', async function () {
    const missing = path.join(tmp, 'no-such-plan.json');
    const json = path.join(tmp, 'report.json');
    const real = realGuardRun(['check', '--plan', missing, '--json', json], tmp);
    assert.strictEqual(real.code, 2);
    const tr = await runScenario({
      inputs: { plan: missing, json },
      onPath: guardOnPath,
      command: [guardOnPath, 'check', '--plan', missing, '--json', json].join(' '),
      exitCode: real.code,
      stdout: real.stdout,
      stderr: real.stderr,
    });
    assert.ok(tr.failed);
    assert.match(completion(tr), /not evaluated/);
  });

  it('runs the binary bundled for the agent OS before looking on PATH', async function () {
    const bundled = path.join(__dirname, '..', 'PipelineGuardV1', 'bin', `linux-${os.arch() === 'arm64' ? 'arm64' : 'x64'}`, 'pipeline-guard');
    const { scenario } = scenarioFor({ environment: 'staging' }, ['--environment', 'staging']);
    scenario.onPath = undefined;
    scenario.existing = [bundled];
    scenario.command = scenario.command.replace(guardOnPath, bundled);
    const tr = await runScenario(scenario);
    assert.ok(tr.ran(scenario.command), tr.stdout);
    assert.ok(tr.succeeded);
  });

  it('fails with a clear message when no pipeline-guard can be found', async function () {
    const tr = await runScenario({ inputs: { plan: examplePlan } });
    assert.ok(tr.failed);
    assert.match(completion(tr), /pipeline-guard/);
    assert.strictEqual(tr.invokedToolCount, 0);
  });

  it('passes the job token to the guard as a secret', async function () {
    const { scenario } = scenarioFor({ environment: 'staging' }, ['--environment', 'staging']);
    scenario.token = 'azdo-secret-token-value';
    const tr = await runScenario(scenario);
    assert.ok(tr.succeeded, tr.stdout);
    assert.ok(tr.stdout.includes('##vso[task.setsecret]azdo-secret-token-value'));
    // Besides registering it, only the task library's own debug line names it (the agent masks that: it is a secret endpoint value).
    const leaks = tr.stdout.split('\n').filter((l) => l.includes('azdo-secret-token-value'))
      .filter((l) => !l.startsWith('##vso[task.setsecret]') && !l.startsWith('##vso[task.debug]SystemVssConnection auth param'));
    assert.deepStrictEqual(leaks, []);
    assert.ok(!tr.cmdlines || !JSON.stringify(tr.cmdlines).includes('azdo-secret-token-value'));
  });

  it('judges a pull request build with the policy of its target branch unless told not to', async function () {
    // The mocked run answers only the exact command line: the task must add --policy-ref origin/main to get it.
    const { scenario } = scenarioFor({ environment: 'staging' }, ['--environment', 'staging']);
    const plain = scenario.command;
    scenario.variables = { SYSTEM_PULLREQUEST_TARGETBRANCH: 'refs/heads/main' };
    scenario.command = `${plain} --policy-ref origin/main`;
    const tr = await runScenario(scenario);
    assert.ok(tr.succeeded, `the guard was not run with --policy-ref origin/main:\n${tr.stdout}`);

    const off = Object.assign({}, scenario, { inputs: Object.assign({}, scenario.inputs, { policyFromBase: 'false' }), command: plain });
    const trOff = await runScenario(off);
    assert.ok(trOff.succeeded, `with policyFromBase false the guard must run without --policy-ref:\n${trOff.stdout}`);

    const wrong = Object.assign({}, scenario, { command: plain });
    assert.ok(!(await runScenario(wrong)).succeeded, 'a pull request build ran without the target branch policy');
  });

  it('declares every option the GitHub Action has, and the outputs the guard sets', function () {
    const task = JSON.parse(fs.readFileSync(taskJson, 'utf8'));
    const camel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    const action = fs.readFileSync(path.join(repo, 'action.yml'), 'utf8');
    const inputsSection = action.slice(action.indexOf('\ninputs:'), action.indexOf('\noutputs:'));
    const actionInputs = [...inputsSection.matchAll(/^ {2}([a-z-]+):\n {4}description/gm)].map((m) => camel(m[1])).filter((n) => n !== 'githubToken');
    const taskInputs = task.inputs.map((i) => i.name);
    for (const name of actionInputs) assert.ok(taskInputs.includes(name), `task.json lacks input ${name}`);
    const outputs = task.outputVariables.map((o) => o.name).sort();
    assert.deepStrictEqual(outputs, ['auditHead', 'blocking', 'decision', 'findings', 'gitlabCodequalityReport', 'jsonReport', 'junitReport', 'markdownReport', 'sarifReport']);
    for (const o of task.outputVariables) assert.match(o.name, /^[A-Za-z][A-Za-z0-9]*$/);
    assert.match(task.name, /^[A-Za-z0-9-]+$/);
    assert.ok(task.friendlyName.length <= 40);
    assert.ok(task.execution.Node20_1);
  });
});
