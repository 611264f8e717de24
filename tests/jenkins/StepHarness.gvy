// Runs a shared-library step (vars/NAME.groovy) outside Jenkins, as Jenkins calls it: the file compiled as a
// script whose call(Map) is invoked, with the pipeline steps it uses as recording stubs. `sh` really runs its
// script (written to a file and run with `sh -xe` in the workspace, as the durable-task plugin does).
// Named .gvy, not .groovy: JenkinsLibraryTests keeps every *.groovy file in vars/, where Jenkins loads steps.
//
//   groovy tests/jenkins/StepHarness.gvy vars/pipelineGuard.groovy scenarios.json record.json
//
// scenarios.json: [{"name": ..., "workspace": "/abs/dir", "env": {NAME: value}, "args": {...}}, ...]
// record.json:    [{"name": ..., "result": "SUCCESS|UNSTABLE|FAILURE", "returned": ..., "error": ..., "calls": [...]}, ...]
// A step the harness does not stub fails the scenario (MissingMethodException), so a new step call is noticed.
import groovy.json.JsonOutput
import groovy.json.JsonSlurper

import java.nio.file.FileSystems
import java.nio.file.Path
import java.nio.file.Paths

class StepAbort extends RuntimeException {
    StepAbort(String message) { super(message) }
}

// What Jenkins' Ant-style patterns (junit, archiveArtifacts, Warnings NG) would find; `**` and `*` as in Ant.
List<String> matching(String workspace, String pattern) {
    Path root = Paths.get(workspace)
    def matcher = FileSystems.getDefault().getPathMatcher('glob:' + pattern)
    List<String> found = []
    root.toFile().eachFileRecurse(groovy.io.FileType.FILES) { File f ->
        Path relative = root.relativize(f.toPath())
        if (matcher.matches(relative)) {
            found << relative.toString()
        }
    }
    return found.sort()
}

Map runScenario(File stepFile, Map scenario) {
    String workspace = scenario.workspace
    Map<String, String> env = [WORKSPACE: workspace] + (scenario.env ?: [:])
    List<Map> calls = []
    String result = 'SUCCESS'
    Binding binding = new Binding()
    binding.setVariable('env', env)
    binding.setVariable('echo', { String message -> calls << [step: 'echo', message: message] })
    binding.setVariable('error', { String message ->
        calls << [step: 'error', message: message]
        throw new StepAbort(message)
    })
    binding.setVariable('unstable', { String message ->
        calls << [step: 'unstable', message: message]
        result = 'UNSTABLE'
    })
    binding.setVariable('sh', { def given ->
        Map a = given instanceof Map ? given : [script: given.toString()]
        File tmp = new File(workspace + '@tmp')
        tmp.mkdirs()
        File script = File.createTempFile('script', '.sh', tmp)
        script.text = a.script.toString()
        def builder = new ProcessBuilder('sh', '-xe', script.absolutePath).directory(new File(workspace)).redirectErrorStream(true)
        builder.environment().putAll(env)
        Process process = builder.start()
        String output = process.inputStream.getText('UTF-8')
        int status = process.waitFor()
        script.delete()
        calls << [step: 'sh', script: a.script.toString(), returnStatus: a.returnStatus ?: false, label: a.label, status: status, output: output]
        if (a.returnStatus) {
            return status
        }
        if (status != 0) {
            throw new StepAbort("script returned exit code ${status}")
        }
        return a.returnStdout ? output : null
    })
    binding.setVariable('junit', { Map a ->
        calls << [step: 'junit', args: a.collectEntries { k, v -> [k, v.toString()] }, matched: matching(workspace, a.testResults.toString())]
        if (!a.allowEmptyResults && calls.last().matched.isEmpty()) {
            throw new StepAbort("No test report files were found: ${a.testResults}")
        }
    })
    binding.setVariable('sarif', { Map a -> [tool: 'sarif'] + a.collectEntries { k, v -> [k, v.toString()] } })
    binding.setVariable('recordIssues', { Map a ->
        List tools = a.tools.collect { it + [matched: matching(workspace, it.pattern)] }
        calls << [step: 'recordIssues', enabledForFailure: a.enabledForFailure, tools: tools, qualityGates: a.qualityGates]
    })
    binding.setVariable('archiveArtifacts', { Map a ->
        calls << [step: 'archiveArtifacts', args: a.collectEntries { k, v -> [k, v.toString()] }, matched: matching(workspace, a.artifacts.toString())]
    })

    Script step = new GroovyShell(binding).parse(stepFile)
    def returned = null
    String error = null
    try {
        returned = step.invokeMethod('call', [scenario.args ?: [:]] as Object[])
    } catch (StepAbort e) {
        result = 'FAILURE'
        error = e.message
    }
    return [name: scenario.name, result: result, returned: returned, error: error, calls: calls]
}

if (args.length != 3) {
    System.err.println('usage: groovy StepHarness.gvy <vars/step.groovy> <scenarios.json> <record.json>')
    System.exit(64)
}
File stepFile = new File(args[0])
List scenarios = new JsonSlurper().parse(new File(args[1]), 'UTF-8') as List
List records = scenarios.collect { runScenario(stepFile, it as Map) }
new File(args[2]).setText(JsonOutput.prettyPrint(JsonOutput.toJson(records)), 'UTF-8')
