namespace PipelineGuard.Model;

/// <summary>How bad a finding is, independent of what the policy does about it.</summary>
public enum Severity { Low, Medium, High, Critical }

/// <summary>What a rule does when it trips (Sentinel's hard-mandatory / soft-mandatory / advisory).</summary>
public enum Enforcement { Block, Warn, Advisory }

/// <summary>Audit reports what would block without failing the step; enforce fails it.</summary>
public enum PolicyMode { Enforce, Audit }

/// <summary>What became of one finding after exceptions, overrides and enforcement were applied.</summary>
public enum Outcome { Block, Warn, Advisory, Waived, Overridden }

/// <summary>The verdict over all findings.</summary>
public enum Decision { Pass, Warn, Block }

/// <summary>The lower-case words the contract uses for the enums above.</summary>
public static class ContractWords
{
    public static string Of(Severity value) => value switch
    {
        Severity.Low => "low",
        Severity.Medium => "medium",
        Severity.High => "high",
        _ => "critical",
    };

    public static string Of(Enforcement value) => value switch
    {
        Enforcement.Block => "block",
        Enforcement.Warn => "warn",
        _ => "advisory",
    };

    public static string Of(PolicyMode value) => value == PolicyMode.Audit ? "audit" : "enforce";

    public static string Of(Outcome value) => value switch
    {
        Outcome.Block => "block",
        Outcome.Warn => "warn",
        Outcome.Advisory => "advisory",
        Outcome.Waived => "waived",
        _ => "overridden",
    };

    public static string Of(Decision value) => value switch
    {
        Decision.Pass => "pass",
        Decision.Warn => "warn",
        _ => "block",
    };
}
