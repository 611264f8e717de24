using System.Text;
using PipelineGuard.Deploy.Context;

namespace PipelineGuard.Tests.Deploy;

public class ContextFileTests
{
    private static DeployContext Read(string json) => ContextFile.Parse(Encoding.UTF8.GetBytes(json), "ctx.json");

    [Fact]
    public void The_contract_example_reads_into_the_deploy_context()
    {
        var context = Read("""
            {
              "environment": "production",
              "service": "payments",
              "actor": "alice",
              "branch": "main",
              "commit": { "sha": "abc123", "message": "Fix rounding [emergency]\n\nGuard-Override: deploy-window hotfix for INC-42", "tags": ["v1.4.2"], "author": "alice", "signed": true },
              "pullRequest": { "number": 42, "author": "alice", "approvals": [ { "user": "bob", "state": "approved" } ] },
              "incidents": [ { "id": "INC-42", "impact": "major", "status": "investigating", "services": ["payments"] } ]
            }
            """);
        context.Environment.ShouldBe("production");
        context.Service.ShouldBe("payments");
        context.Actor.ShouldBe("alice");
        context.Branch.ShouldBe("main");
        context.Commit!.Sha.ShouldBe("abc123");
        context.Commit.Message.ShouldStartWith("Fix rounding [emergency]\n\nGuard-Override:");
        context.Commit.Tags.ShouldBe(["v1.4.2"]);
        context.Commit.Signed.ShouldBe(true);
        context.PullRequest!.Number.ShouldBe(42);
        context.PullRequest.Approvals.ShouldBe([new Approval("bob", "approved", "context")]);
        context.Incidents.ShouldHaveSingleItem().ShouldBe(new Incident("INC-42", "major", "investigating", ["payments"]), new IncidentComparer());
    }

    private sealed class IncidentComparer : IEqualityComparer<Incident>
    {
        public bool Equals(Incident? x, Incident? y) =>
            x!.Id == y!.Id && x.Impact == y.Impact && x.Status == y.Status && x.Services.SequenceEqual(y.Services);

        public int GetHashCode(Incident obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\n  \"environment\": 3\n}", 2, 18, "'environment' must be a string, not a number")]
    [InlineData("{ \"commit\": { \"tags\": \"v1\" } }", 1, 23, "'tags' must be an array of strings, not a string")]
    [InlineData("{ \"commit\": { \"signed\": \"yes\" } }", 1, 25, "'signed' must be true or false, not a string")]
    [InlineData("{ \"pullRequest\": { \"number\": \"42\" } }", 1, 30, "'pullRequest.number' must be a positive whole number, not a string")]
    [InlineData("{ \"pullRequest\": { \"number\": 4.5 } }", 1, 30, "'pullRequest.number' must be a positive whole number")]
    [InlineData("{ \"pullRequest\": { \"approvals\": [ { \"state\": \"approved\" } ] } }", 1, 35, "an approval needs a non-empty string 'user'")]
    [InlineData("{ \"pullRequest\": { \"approvals\": [ { \"user\": \"bob\", \"state\": \"lgtm\" } ] } }", 1, 61, "approval state must be one of")]
    [InlineData("{ \"incidents\": [ { \"id\": \"I-1\", \"impact\": \"huge\" } ] }", 1, 43, "incident impact must be one of none, minor, major, critical")]
    [InlineData("{ \"incidents\": { } }", 1, 16, "'incidents' must be an array, not an object")]
    [InlineData("{ \"enviroment\": \"prod\" }", 1, 3, "unknown key 'enviroment'")]
    [InlineData("[1, 2]", 1, 1, "the context must be an object, not an array")]
    [InlineData("{ \"commit\": { \"tags\": [\"v1\", 2] } }", 1, 30, "every item of 'tags' must be a string, not a number")]
    public void A_wrong_type_is_an_input_error_at_its_line_and_column(string json, int line, int column, string problem)
    {
        var ex = Should.Throw<InputException>(() => Read(json));
        ex.Problem.ShouldContain(problem);
        (ex.File, ex.Line, ex.Column).ShouldBe(("ctx.json", line, column));
        ex.Message.ShouldStartWith($"ctx.json:{line}:{column}: ");
    }

    [Fact]
    public void Malformed_JSON_is_an_input_error_at_the_position_of_the_fault()
    {
        var ex = Should.Throw<InputException>(() => Read("{\n  \"actor\": \"alice\",\n  \"branch\": main\n}"));
        ex.Line.ShouldBe(3);
        ex.Column.ShouldBe(13);
        ex.Problem.ShouldStartWith("malformed JSON: ");
        ex.Problem.ShouldNotContain("LineNumber");
    }

    [Fact]
    public void Columns_count_characters_not_bytes_after_non_ASCII_text()
    {
        var ex = Should.Throw<InputException>(() => Read("{ \"actor\": \"Zoë\", \"service\": 1 }"));
        (ex.Line, ex.Column).ShouldBe((1, 30)); // in bytes it would be 31: ë is two bytes
    }

    [Fact]
    public void An_empty_file_and_a_missing_file_are_input_errors()
    {
        Should.Throw<InputException>(() => Read("")).Message.ShouldContain("ctx.json");
        var missing = Path.Combine(Path.GetTempPath(), "pg-missing-" + Guid.NewGuid().ToString("N") + ".json");
        Should.Throw<InputException>(() => ContextFile.Read(missing)).Message.ShouldContain("the context file does not exist");
    }

    [Fact]
    public void Resolved_incidents_in_the_context_are_dropped()
    {
        Read("""{ "incidents": [ { "id": "a", "impact": "major", "status": "resolved" }, { "id": "b", "impact": "minor" } ] }""")
            .Incidents.Select(i => i.Id).ShouldBe(["b"]);
    }
}
