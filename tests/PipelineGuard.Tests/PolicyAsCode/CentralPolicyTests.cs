using System.Text.Json;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.PolicyAsCode;

[Trait(TestCategories.Key, TestCategories.Slow)]
public class CentralPolicyTests : IDisposable
{
    private const string Pack = """
        version: 1
        central:
          allow_weakening: false
          allow_local_exceptions: false
        environments:
          production: [prod, production]
        rules:
          - id: central-no-db-destroy
            description: Databases are never destroyed.
            severity: critical
            enforcement: block
            terraform: { resource_types: [aws_db_instance], actions: [delete, replace] }
          - id: central-blast-radius
            severity: medium
            enforcement: warn
            terraform: { actions: [delete], max_changes: 0 }
        """;

    private readonly TempFolder _dir = new("pg-central-");
    private readonly ScratchGitRepository _repo;
    private readonly Dictionary<string, string?> _env;

    public CentralPolicyTests()
    {
        _repo = new ScratchGitRepository(_dir.File("policies-repo"));
        _repo.Write("packs/prod/prod.yml", Pack);
        _repo.Write("README.md", "central policies\n");
        _repo.Commit("prod pack v1");
        _repo.Tag("v1");
        _env = new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = _dir.File("cache"), ["HOME"] = _dir.Path };
    }

    public void Dispose()
    {
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }

    private static string Plan => RepoPaths.InRepo("examples", "prod-db-delete", "plan.json");

    private string Spec(string gitRef, string path = "packs/prod") => $"git+{_repo.FileUrl}//{path}?ref={gitRef}";

    private CliRunner.Result Check(params string[] args) =>
        CliRunner.InDirectory(_dir.Path, _env, ["check", "--plan", Plan, "--now", "2026-11-21T10:00:00Z", .. args]);

    private CliRunner.Result Validate(params string[] args) => CliRunner.InDirectory(_dir.Path, _env, ["validate", .. args]);

    [Fact]
    public void A_pack_fetched_by_tag_is_evaluated_and_its_commit_is_recorded_in_the_report_and_the_audit_log()
    {
        var result = Check("--policy", Spec("v1"), "--json", "report.json", "--audit-log", "audit.jsonl");
        result.ExitCode.ShouldBe(1, result.Error);
        result.Out.ShouldContain("BLOCK central-no-db-destroy");
        var commit = _repo.Run("rev-parse", "v1^{commit}").Trim();
        using var report = JsonDocument.Parse(File.ReadAllText(_dir.File("report.json")));
        var file = report.RootElement.GetProperty("policy").GetProperty("files")[0];
        file.GetProperty("origin").GetString().ShouldBe($"{Spec("v1")}@{commit}");
        file.GetProperty("sha256").GetString().ShouldBe(PolicyLoader.Sha256(Pack));
        File.ReadAllText(_dir.File("audit.jsonl")).ShouldContain($"\"origin\":\"{Spec("v1")}@{commit}\"");
        // Fetched into the XDG cache, not the working tree.
        Directory.Exists(_dir.File("cache", "pipeline-guard", "checkouts")).ShouldBeTrue();
    }

    [Fact]
    public void A_pin_by_commit_SHA_keeps_the_old_rules_after_the_tag_moves_and_works_once_the_repository_is_gone()
    {
        var v1 = _repo.Run("rev-parse", "HEAD").Trim();
        _repo.Write("packs/prod/prod.yml", Pack.Replace("enforcement: block", "enforcement: advisory", StringComparison.Ordinal));
        _repo.Commit("prod pack v2 relaxes the database rule");
        _repo.Tag("v1"); // someone moved the tag

        Check("--policy", Spec("v1")).Out.ShouldContain("ADVISORY central-no-db-destroy");
        var pinned = Check("--policy", Spec(v1));
        pinned.ExitCode.ShouldBe(1, pinned.Error);
        pinned.Out.ShouldContain("BLOCK central-no-db-destroy");

        // The pinned commit is in the cache now: a SHA never moves, so no fetch is needed.
        Directory.Move(_repo.Path, _repo.Path + "-gone");
        Check("--policy", Spec(v1)).ExitCode.ShouldBe(1);
        var byTag = Check("--policy", Spec("v1"));
        byTag.ExitCode.ShouldBe(2);
        byTag.Error.ShouldContain("git could not fetch ref 'v1'");
    }

    [Fact]
    public void A_tampered_cached_copy_is_detected_and_replaced_by_the_commit_s_own_files()
    {
        var v1 = _repo.Run("rev-parse", "HEAD").Trim();
        Check("--policy", Spec(v1)).ExitCode.ShouldBe(1);
        var cached = Directory.EnumerateFiles(_dir.File("cache"), "prod.yml", SearchOption.AllDirectories).Single();
        File.WriteAllText(cached, Pack.Replace("enforcement: block", "enforcement: advisory", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(cached)!, "extra.yml"), "version: 1\nrules: []\n");
        var result = Check("--policy", Spec(v1));
        result.ExitCode.ShouldBe(1, result.Error);
        result.Out.ShouldContain("BLOCK central-no-db-destroy");
        File.ReadAllText(cached).ShouldBe(Pack);
        File.Exists(Path.Combine(Path.GetDirectoryName(cached)!, "extra.yml")).ShouldBeFalse();
    }

    [Fact]
    public void A_commit_SHA_the_repository_does_not_have_is_refused()
    {
        var result = Check("--policy", Spec(new string('a', 40)));
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain($"the repository has no commit '{new string('a', 40)}'");
    }

    [Fact]
    public void A_central_policy_without_a_ref_or_with_a_missing_folder_is_an_input_error()
    {
        var noRef = Check("--policy", $"git+{_repo.FileUrl}//packs/prod");
        noRef.ExitCode.ShouldBe(2);
        noRef.Error.ShouldContain("needs a pinned ref");
        var noFolder = Check("--policy", Spec("v1", "packs/staging"));
        noFolder.ExitCode.ShouldBe(2);
        noFolder.Error.ShouldContain("has no folder 'packs/staging'");
    }

    [Fact]
    public void Credentials_in_a_central_policy_URL_never_appear_in_messages()
    {
        var result = Check("--policy", "git+https://deploy-bot:ghp_s3cretT0ken@127.0.0.1:9/org/policies.git//packs/prod?ref=v1");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldNotContain("ghp_s3cretT0ken");
        result.Error.ShouldContain("git+https://127.0.0.1:9/org/policies.git//packs/prod?ref=v1");
    }

    [Fact]
    public void A_local_file_adds_rules_and_tightens_a_central_rule()
    {
        File.WriteAllText(_dir.File("local.yml"), """
            version: 1
            adjust:
              - rule: central-blast-radius
                enforcement: block
                severity: high
            rules:
              - id: local-no-bucket-destroy
                terraform: { resource_types: [aws_s3_bucket], actions: [delete] }
            """);
        var result = Check("--policy", Spec("v1"), "--policy", "local.yml");
        result.ExitCode.ShouldBe(1, result.Error);
        result.Out.ShouldContain("BLOCK central-blast-radius (high)");
        Validate(Spec("v1"), "local.yml").Out.ShouldContain("ok: 3 rules in 2 files");
    }

    [Fact]
    public void A_local_file_cannot_lower_a_central_rule_or_waive_it_when_the_pack_forbids_it()
    {
        File.WriteAllText(_dir.File("local.yml"), """
            version: 1
            adjust:
              - rule: central-no-db-destroy
                enforcement: warn
              - rule: central-no-db-destroy
                severity: low
              - rule: central-no-db-destroy
                exceptions:
                  - { targets: [aws_db_instance.orders], reason: migrating, expires: 2026-12-31 }
            """);
        var result = Validate(Spec("v1"), "local.yml");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("local.yml:4:18: rule 'central-no-db-destroy' comes from the central pack");
        result.Error.ShouldContain("does not allow weakening (central.allow_weakening is false): its enforcement 'block' cannot be lowered to 'warn'");
        result.Error.ShouldContain("local.yml:6:15:");
        result.Error.ShouldContain("its severity 'critical' cannot be lowered to 'low'");
        result.Error.ShouldContain("local.yml:8:5:");
        result.Error.ShouldContain("does not allow local exceptions (central.allow_local_exceptions is false)");
    }

    [Fact]
    public void A_pack_that_allows_local_exceptions_and_weakening_accepts_them_and_the_expiry_is_announced()
    {
        _repo.Write("packs/prod/prod.yml", Pack
            .Replace("allow_weakening: false", "allow_weakening: true", StringComparison.Ordinal)
            .Replace("allow_local_exceptions: false", "allow_local_exceptions: true", StringComparison.Ordinal));
        _repo.Commit("let teams waive");
        _repo.Tag("v2");
        File.WriteAllText(_dir.File("local.yml"), """
            version: 1
            adjust:
              - rule: central-no-db-destroy
                exceptions:
                  - { targets: [aws_db_instance.orders], reason: orders moves to Aurora, expires: 2026-11-28 }
              - rule: central-blast-radius
                enforcement: advisory
            """);
        var result = Check("--policy", Spec("v2"), "--policy", "local.yml");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("WAIVED central-no-db-destroy");
        result.Out.ShouldContain("ADVISORY central-blast-radius");
        result.Out.ShouldContain("the exception for aws_db_instance.orders expires on 2026-11-28 (in 7 days;");
        result.Out.ShouldContain("local.yml:5:9)");
    }

    [Fact]
    public void A_pack_from_git_without_a_central_block_is_closed_to_weakening()
    {
        _repo.Write("packs/plain/plain.yml", "version: 1\nrules:\n  - id: plain-rule\n    enforcement: block\n    terraform: { actions: [delete] }\n");
        _repo.Commit("plain pack");
        _repo.Tag("v3");
        File.WriteAllText(_dir.File("local.yml"), "version: 1\nadjust:\n  - rule: plain-rule\n    enforcement: warn\n");
        var result = Validate(Spec("v3", "packs/plain"), "local.yml");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("does not allow weakening");
    }

    [Fact]
    public void The_central_block_and_adjust_entries_are_validated_with_positions()
    {
        var errors = Build.PolicyErrors("""
            version: 1
            central:
              allow_weakning: true
            adjust:
              - rule: nowhere
                enforcement: sometimes
            rules: []
            """, "pack.yml");
        errors.ShouldContain(e => e.ToString().StartsWith("pack.yml:3:3:", StringComparison.Ordinal) && e.Message.Contains("did you mean 'allow_weakening'", StringComparison.Ordinal));
        errors.ShouldContain(e => e.ToString().StartsWith("pack.yml:6:18:", StringComparison.Ordinal) && e.Message.Contains("must be one of block | warn | advisory", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_that_declares_itself_central_is_protected_even_when_loaded_from_disk()
    {
        var errors = Should.Throw<PolicyLoadException>(() => PolicyLoader.LoadTexts([
            ("pack.yml", Pack, false),
            ("team.yml", "version: 1\nadjust:\n  - rule: central-no-db-destroy\n    enforcement: advisory\n", false),
        ])).Errors;
        errors.Single().Position.ShouldBe(new SourcePosition("team.yml", 4, 18));
        // A rule of an ordinary local file may be adjusted either way.
        var set = PolicyLoader.LoadTexts([
            ("base.yml", "version: 1\nrules:\n  - id: base-rule\n    terraform: { actions: [delete] }\n", false),
            ("team.yml", "version: 1\nadjust:\n  - rule: base-rule\n    enforcement: advisory\n", false),
        ]);
        set.Rules.Single().Enforcement.ShouldBe(Enforcement.Advisory);
    }
}
