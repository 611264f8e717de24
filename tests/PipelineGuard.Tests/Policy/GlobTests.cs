using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;

namespace PipelineGuard.Tests.Policy;

public class GlobTests
{
    [Theory]
    [InlineData("aws_db_*", "aws_db_instance", true)]
    [InlineData("aws_db_*", "aws_db_instance/x", false)]
    [InlineData("module.*.aws_s3_bucket.*", "module.logs.aws_s3_bucket.main", true)]
    [InlineData("db/**/*.sql", "db/a/b/c.sql", true)]
    [InlineData("db/**/*.sql", "db/c.sql", true)]
    [InlineData("db/**/*.sql", "dbx/c.sql", false)]
    [InlineData("db/**", "db/a/b", true)]
    [InlineData("**/secret*", "a/b/secret.txt", true)]
    [InlineData("**/secret*", "secret.txt", true)]
    [InlineData("v?.sql", "v1.sql", true)]
    [InlineData("v?.sql", "v/.sql", false)]
    [InlineData("v[0-9].sql", "v7.sql", true)]
    [InlineData("v[0-9].sql", "vx.sql", false)]
    [InlineData("v[!0-9].sql", "vx.sql", true)]
    [InlineData("v[!0-9].sql", "v1.sql", false)]
    [InlineData("a.b", "aXb", false)]
    [InlineData("a+b(c)", "a+b(c)", true)]
    public void A_glob_matches_what_its_syntax_says(string pattern, string value, bool expected)
    {
        Glob.Parse(pattern).IsMatch(value).ShouldBe(expected);
    }

    [Theory]
    [InlineData("PROD-*", "prod-eu", true)]
    [InlineData("[A-C]x", "bx", true)]
    [InlineData("[!a]x", "Ax", false)]
    public void An_ignore_case_glob_folds_case_in_characters_and_classes(string pattern, string value, bool expected)
    {
        Glob.Parse(pattern, ignoreCase: true).IsMatch(value).ShouldBe(expected);
    }

    [Theory]
    [InlineData("", "empty glob")]
    [InlineData("../x", "climbs out")]
    [InlineData("a[bc", "unclosed or empty character class at position 2")]
    [InlineData("a[]", "unclosed or empty character class")]
    [InlineData("a[!]", "unclosed or empty character class")]
    [InlineData("a]", "unmatched ']' at position 2")]
    [InlineData("[z-a]", "reverse order")]
    public void A_malformed_glob_is_refused_with_its_position(string pattern, string expected)
    {
        Glob.TryParse(pattern, ignoreCase: false, out var error).ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain(expected);
    }

    [Fact]
    public void A_pathological_glob_against_a_long_value_answers_at_once()
    {
        var glob = Glob.Parse(string.Concat(Enumerable.Repeat("*a", 40)) + "*b");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        glob.IsMatch(new string('a', 20_000)).ShouldBeFalse();
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
    }

    // ---- against the regular expression translation the automaton replaced ----

    private static readonly string[] s_patternParts = ["a", "b", "/", ".", "*", "**", "**/", "?", "[ab]", "[!a]", "[a-c]", "-", "A"];
    private static readonly string[] s_valueParts = ["a", "b", "c", "A", "B", "/", ".", "-", "ab", "//"];

    [Fact]
    public void Globs_match_exactly_what_the_regular_expression_translation_matches()
    {
        var cases = Gen.Elements(s_patternParts).ListOf().Select(p => string.Concat(p))
            .SelectMany(_ => Gen.Elements(s_valueParts).ListOf().Select(v => string.Concat(v)), (pattern, value) => (pattern, value))
            .SelectMany(_ => Gen.Elements(false, true), (c, ignoreCase) => (c.pattern, c.value, ignoreCase));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var glob = Glob.TryParse(c.pattern, c.ignoreCase, out _);
            var reference = ReferenceRegex(c.pattern, c.ignoreCase);
            return glob is null ? reference is null : reference is not null && glob.IsMatch(c.value) == reference.IsMatch(c.value);
        }));
    }

    // The translation Glob used before it matched by itself: ** -> .*, **/ -> (?:.*/)?, * -> [^/]*, ? -> [^/], [!x] -> [^x].
    private static Regex? ReferenceRegex(string pattern, bool ignoreCase)
    {
        if (pattern.Length == 0 || pattern == ".." || pattern.StartsWith("../", StringComparison.Ordinal) || pattern.Contains("/../", StringComparison.Ordinal) || pattern.EndsWith("/..", StringComparison.Ordinal)) return null;
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                {
                    i++;
                    sb.Append("(?:.*/)?");
                }
                else
                {
                    sb.Append(".*");
                }
            }
            else if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else if (c == '[')
            {
                var close = pattern.IndexOf(']', i + 1);
                if (close < 0 || close == i + 1 || (close == i + 2 && pattern[i + 1] == '!')) return null;
                var body = pattern[(i + 1)..close];
                sb.Append('[');
                if (body[0] == '!')
                {
                    sb.Append('^');
                    body = body[1..];
                }
                foreach (var bc in body) sb.Append(bc is '\\' or '^' or '[' or ']' ? "\\" + bc : bc.ToString());
                sb.Append(']');
                i = close;
            }
            else if (c == ']') return null;
            else sb.Append(Regex.Escape(c.ToString()));
        }
        sb.Append('$');
        var options = RegexOptions.CultureInvariant | RegexOptions.Singleline;
        if (ignoreCase) options |= RegexOptions.IgnoreCase;
        try
        {
            return new Regex(sb.ToString(), options);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
