// PipelineGuard as a Jenkins shared-library step.
//
//   pipelineGuard(plan: 'infra/plan.json', migrations: 'db/migrations', environment: 'production')
//
// Runs `pipeline-guard check` in the PipelineGuard container image (or a binary with `binary:`), with
// the job's git and build variables, then publishes the JUnit report (failures make the build UNSTABLE),
// records the SARIF report with the Warnings Next Generation plugin and archives every report in reportDir.
// A block (exit 1) fails the build unless failOnBlock is false; exit 2 (unreadable input or policy) and
// 3 (internal error) always do.
// Returns the exit code.
//
// Arguments (all optional): policy, plan, migrations (a String or a List), changedSince, context,
// environment, service, actor, commit, mode ('audit' | 'enforce'), sourceRoot, auditLog, quiet, policyRef, postgres,
// policyFromBase (default true: a pull request build, CHANGE_TARGET set, reads the policy at origin/<target>),
// reportDir (default 'pipeline-guard-reports'), image, binary, failOnBlock (default true).
def call(Map args = [:]) {
    String reportDir = args.reportDir ?: 'pipeline-guard-reports'
    List<String> cli = ['check']
    for (String key : ['policy', 'plan', 'migrations']) {
        for (def value : asList(args[key])) {
            cli += ["--${key}".toString(), value.toString()]
        }
    }
    Map<String, String> single = [
        changedSince: '--changed-since', context: '--context', environment: '--environment',
        service: '--service', mode: '--mode', sourceRoot: '--source-root', auditLog: '--audit-log',
        policyRef: '--policy-ref', postgres: '--postgres'
    ]
    for (String key : single.keySet() as List) {
        if (args[key]) {
            cli += [single[key], args[key].toString()]
        }
    }
    // The deploy's who and what, from the job when the caller does not say.
    String actor = args.actor ?: (env.CHANGE_AUTHOR ?: env.BUILD_USER_ID)
    String commit = args.commit ?: env.GIT_COMMIT
    if (actor) {
        cli += ['--actor', actor]
    }
    if (commit) {
        cli += ['--commit', commit]
    }
    if (args.quiet) {
        cli += ['--quiet']
    }
    // A pull request build is judged by the policy of the branch it merges into, so it cannot weaken that policy.
    if (!args.policyRef && args.policyFromBase != false && env.CHANGE_TARGET) {
        cli += ['--policy-ref', "origin/${env.CHANGE_TARGET}".toString()]
    }
    // Every report of PipelineGuard's table (Reporters.All), as option: file extension; ReporterTableTests keeps the two in step.
    Map<String, String> reports = [
        '--json': 'json', '--sarif': 'sarif', '--junit': 'xml', '--markdown': 'md',
        '--gitlab-codequality': 'codequality.json'
    ]
    for (String option : reports.keySet() as List) {
        cli += [option, "${reportDir}/pipeline-guard.${reports[option]}".toString()]
    }
    String command = cli.collect { shellQuote(it) }.join(' ')

    int status
    if (args.binary) {
        status = sh(script: "${shellQuote(args.binary.toString())} ${command}", returnStatus: true, label: 'PipelineGuard')
    } else {
        String image = args.image ?: 'ghcr.io/pipeline-guard/pipeline-guard:v1'
        // The image's entrypoint is the GitHub Action's; here the CLI is called directly, as the job's user.
        String variables = ['JENKINS_URL', 'BUILD_URL', 'JOB_NAME', 'BUILD_NUMBER', 'GIT_COMMIT', 'GIT_BRANCH',
                            'BRANCH_NAME', 'CHANGE_ID', 'CHANGE_AUTHOR', 'CHANGE_TARGET', 'TAG_NAME']
            .collect { "-e ${it}" }.join(' ')
        status = sh(script: 'docker run --rm -u "$(id -u):$(id -g)" -v "$WORKSPACE:$WORKSPACE" -w "$WORKSPACE" ' +
            "${variables} --entrypoint /opt/pipeline-guard/pipeline-guard ${shellQuote(image)} ${command}",
            returnStatus: true, label: 'PipelineGuard')
    }

    if (status <= 1) {
        junit testResults: "${reportDir}/pipeline-guard.xml", allowEmptyResults: true
        recordIssues enabledForFailure: true,
            tools: [sarif(pattern: "${reportDir}/pipeline-guard.sarif", id: 'pipeline-guard', name: 'PipelineGuard')],
            // SARIF errors count as high severity in Warnings NG.
            qualityGates: [[threshold: 1, type: 'TOTAL_HIGH', criticality: 'UNSTABLE']]
        archiveArtifacts artifacts: "${reportDir}/*", allowEmptyArchive: true
    }
    if (status == 1 && args.failOnBlock != false) {
        error("PipelineGuard blocked this deploy (exit 1): see the PipelineGuard test results and issues, or ${reportDir}/pipeline-guard.md")
    } else if (status == 1) {
        unstable('PipelineGuard would block this deploy (failOnBlock: false)')
    } else if (status == 2) {
        error('PipelineGuard could not read an input or the policy (exit 2); nothing was evaluated')
    } else if (status > 2) {
        error("PipelineGuard failed with an internal error (exit ${status}); please report it")
    }
    return status
}

List asList(def value) {
    if (value == null) {
        return []
    }
    return value instanceof Collection ? value as List : [value]
}

String shellQuote(String word) {
    return "'" + word.replace("'", "'\\''") + "'"
}
