'use strict';
// The task run under TaskMockRunner: inputs, the guard's location and its (real, recorded) output come
// from the scenario the mocha test passes in PG_TASK_SCENARIO.
const path = require('path');
const mr = require('azure-pipelines-task-lib/mock-run');

const scenario = JSON.parse(process.env.PG_TASK_SCENARIO);
const tmr = new mr.TaskMockRunner(path.join(__dirname, '..', 'PipelineGuardV1', 'index.js'));
for (const [name, value] of Object.entries(scenario.inputs)) tmr.setInput(name, value);
for (const [name, value] of Object.entries(scenario.variables || {})) process.env[name] = value;
if (scenario.token) process.env.ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN = scenario.token;

const answers = { which: {}, checkPath: {}, exist: {}, exec: {} };
if (scenario.onPath) {
  answers.which['pipeline-guard'] = scenario.onPath;
  answers.checkPath[scenario.onPath] = true;
}
for (const file of scenario.existing || []) answers.exist[file] = true;
if (scenario.command) {
  answers.exec[scenario.command] = { code: scenario.exitCode, stdout: scenario.stdout || '', stderr: scenario.stderr || '' };
}
tmr.setAnswers(answers);
tmr.run();
