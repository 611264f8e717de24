namespace PipelineGuard.Model;

/// <summary>How bad a finding is, independent of what the policy does about it. Ranked: a higher value is worse (reports sort by it).</summary>
public enum Severity { Low = 0, Medium = 1, High = 2, Critical = 3 }

/// <summary>What a rule does when it trips (Sentinel's hard-mandatory / soft-mandatory / advisory).</summary>
// Ranked: a lower value is stricter (a check may cap a rule's enforcement only toward a higher value).
public enum Enforcement { Block = 0, Warn = 1, Advisory = 2 }

/// <summary>Audit reports what would block without failing the step; enforce fails it.</summary>
public enum PolicyMode { Enforce, Audit }

/// <summary>What became of one finding after exceptions, overrides and enforcement were applied.</summary>
// Ranked: a lower value is more serious (findings are listed and a rule's worst is taken in this order).
public enum Outcome { Block = 0, Warn = 1, Advisory = 2, Waived = 3, Overridden = 4 }

/// <summary>The verdict over all findings.</summary>
// Ranked: a higher value is more severe.
public enum Decision { Pass = 0, Warn = 1, Block = 2 }

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
