using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using PipelineGuard.Inputs;
using PipelineGuard.Model;

namespace PipelineGuard.Sql;

/// <summary>
/// Reads migration scripts from folders and files (the only SQL code that touches the file system and git),
/// recognises their naming conventions, compares them with <c>--changed-since</c>, and finds set-level
/// issues (duplicate versions, gaps, out-of-order additions, deleted applied migrations).
/// Unreadable input (invalid UTF-8, a binary file) is an <see cref="InputException"/>, never a skip.
/// </summary>
public static class MigrationCollector
{
    /// <summary>
    /// Collects <paramref name="paths"/> (folders are searched recursively for *.sql) relative to <paramref name="workingDirectory"/>,
    /// analysing each file for <paramref name="needs"/> as it is read (a file that cannot be lexed is an input error here, never at evaluation).
    /// </summary>
    public static (MigrationSet Set, IReadOnlyList<InputFile> Inputs) Collect(IReadOnlyList<string> paths, string? changedSince, string workingDirectory, SqlNeeds? needs = null)
    {
        needs ??= SqlNeeds.TextsOnly;
        var full = new List<(string Full, string Display)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var given in paths)
        {
            var path = Path.GetFullPath(Path.Combine(workingDirectory, given));
            if (Directory.Exists(path))
            {
                RefuseFolderLinks(path, workingDirectory);
                var all = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
                var matched = all.Where(f => MigrationNaming.IsMigrationFile(Path.GetFileName(f))).ToList();
                if (matched.Count == 0)
                {
                    var others = all.Where(f => !Path.GetFileName(f).StartsWith('.')).ToList();
                    // A folder with nothing to judge is a wrong path far more often than a project without migrations.
                    throw others.Count > 0
                        ? new InputException(given, null, null,
                            $"holds {others.Count} file(s) but none a migration tool would run (*.sql in any case, golang-migrate N_name.up.<ext> / .down.<ext>): " +
                            $"first {Display(others[0], workingDirectory)}; give the folder that holds the migrations")
                        : new InputException(given, null, null, "the migrations folder holds no migration file, so nothing would be judged; check the path (or drop --migrations)");
                }
                foreach (var f in matched)
                {
                    RefuseLinkOutside(f, workingDirectory);
                    if (seen.Add(f)) full.Add((f, Display(f, workingDirectory)));
                }
            }
            else if (File.Exists(path))
            {
                RefuseLinkOutside(path, workingDirectory);
                if (seen.Add(path)) full.Add((path, Display(path, workingDirectory)));
            }
            else
            {
                throw new InputException(given, null, null, "no such migration file or folder");
            }
        }

        // Every file is a regular file within the limits before any is read: a FIFO named V9__x.sql is refused at once.
        long total = 0;
        foreach (var (path, display) in full) total += InputLimits.Check(path, InputKind.Migration, display);
        if (total > InputLimits.MaxMigrationSetBytes)
        {
            throw new InputException(string.Join(", ", paths), null, null,
                $"the migrations come to {InputLimits.Describe(total)}; one run reads at most {InputLimits.Describe(InputLimits.MaxMigrationSetBytes)} of migrations (judge fewer with --changed-since)");
        }

        var git = changedSince is null ? null : GitChanges.Read(workingDirectory, changedSince);
        var files = new MigrationFile[full.Count];
        var facts = new FileFacts[full.Count];
        var inputs = new InputFile?[full.Count];
        var errors = new Exception?[full.Count];
        Parallel.For(0, full.Count, i =>
        {
            var (path, display) = full[i];
            try
            {
                var bytes = File.ReadAllBytes(path);
                var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
                var content = Decode(bytes, display);
                var name = MigrationNaming.Describe(display, content);
                var status = git?.StatusOf(path) ?? MigrationGitStatus.NotCompared;
                var file = new MigrationFile(display, content, name.Format, name.Direction, name.Version, name.Variant, name.RunsOutsideTransaction, status, sha);
                facts[i] = MigrationSet.FactsOf(file, needs);
                // The text is let go once analysed (10,000 files held as text cost hundreds of MB); Liquibase changesets are read below.
                files[i] = needs.KeepTexts || file.Format == "liquibase" ? file : file with { Content = "" };
                // With --changed-since an unchanged file is read for the set checks but not judged: it is no input of the report.
                inputs[i] = status == MigrationGitStatus.Unchanged ? null : new InputFile(display, "migration", sha);
            }
            catch (Exception e) when (e is InputException or IOException or UnauthorizedAccessException)
            {
                errors[i] = e is InputException ? e : new InputException(display, null, null, $"cannot be read: {e.Message}", e);
            }
        });
        // The first unreadable file in path order, so the error is the same on every run.
        if (errors.FirstOrDefault(e => e is not null) is { } error) throw error;

        var issues = FindIssues(files);
        if (!needs.KeepTexts)
        {
            for (var i = 0; i < files.Length; i++)
            {
                if (files[i].Content.Length > 0) files[i] = files[i] with { Content = "" };
            }
        }
        if (git is not null)
        {
            var folders = full.Select(f => git.Relative(Path.GetDirectoryName(f.Full)!)).ToHashSet(StringComparer.Ordinal);
            var roots = paths.Select(p => Path.GetFullPath(Path.Combine(workingDirectory, p))).Where(Directory.Exists).Select(git.Relative).ToList();
            foreach (var deleted in git.Deleted.Where(d => d.EndsWith(".sql", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
            {
                var folder = deleted.LastIndexOf('/') is var k and >= 0 ? deleted[..k] : "";
                if (folders.Contains(folder) || roots.Any(r => r == "." || deleted.StartsWith(r + "/", StringComparison.Ordinal)))
                {
                    var display = Display(Path.Combine(git.TopLevel, deleted), workingDirectory);
                    issues.Add(new MigrationSetIssue("deleted-applied", display, null,
                        $"{display} existed at the base {Short(git.BaseCommit)} and was deleted: an applied migration is history and stays"));
                }
            }
        }
        return (new MigrationSet(files, issues, git?.BaseCommit, changedSince, facts), [.. inputs.OfType<InputFile>()]);
    }

    /// <summary>
    /// Folder links are not followed when a folder is searched, so the migrations behind one would go unchecked:
    /// a linked folder is refused rather than skipped.
    /// </summary>
    private static void RefuseFolderLinks(string folder, string workingDirectory)
    {
        foreach (var dir in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories))
        {
            if (new DirectoryInfo(dir).LinkTarget is { } target)
            {
                throw new InputException(Display(dir, workingDirectory), null, null,
                    $"is a symbolic link to the folder '{target}', which is not searched; give that folder itself with --migrations");
            }
        }
    }

    /// <summary>A migration that is a symbolic link must stay in the workspace: a pull request cannot make the guard read files elsewhere on the runner.</summary>
    private static void RefuseLinkOutside(string file, string workingDirectory)
    {
        if (new FileInfo(file).LinkTarget is null) return;
        var target = new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        var root = Path.GetFullPath(workingDirectory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (target is null || !target.StartsWith(root, StringComparison.Ordinal))
        {
            throw new InputException(Display(file, workingDirectory), null, null,
                "is a symbolic link that leads outside the workspace; refusing to read it");
        }
    }

    internal static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    private static string Display(string fullPath, string workingDirectory)
    {
        var relative = Path.GetRelativePath(workingDirectory, fullPath);
        return (relative.StartsWith("..", StringComparison.Ordinal) && Path.IsPathRooted(fullPath) ? fullPath : relative).Replace('\\', '/');
    }

    /// <summary>UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is rejected with the line of the first bad byte.</summary>
    public static string Decode(byte[] bytes, string display)
    {
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            var encoding = bytes[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            return encoding.GetString(bytes, 2, bytes.Length - 2);
        }
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        var nul = span.IndexOf((byte)0);
        if (nul >= 0)
        {
            throw new InputException(display, LineAt(span, nul), null, "is a binary file (it contains NUL bytes), not SQL text");
        }
        if (Utf8.IsValid(span)) return Encoding.UTF8.GetString(span);
        // Only invalid input pays for finding where the first bad byte is.
        var chars = new char[span.Length];
        Utf8.ToUtf16(span, chars, out var read, out _, replaceInvalidSequences: false);
        throw new InputException(display, LineAt(span, read), null, $"is not valid UTF-8 (invalid byte 0x{span[read]:X2} at byte offset {read + (bytes.Length - span.Length)})");
    }

    private static int LineAt(ReadOnlySpan<byte> bytes, int offset) => bytes[..offset].Count((byte)'\n') + 1;

    /// <summary>Duplicate versions and gaps within one folder and naming group; out-of-order additions against git.</summary>
    internal static List<MigrationSetIssue> FindIssues(IReadOnlyList<MigrationFile> files)
    {
        var issues = new List<MigrationSetIssue>();
        // Plain files (roundhouse, grate) are identified by their whole name, so a shared number prefix is no conflict.
        var groups = files.Where(f => f.Version is not null && f.Direction != MigrationDirection.Repeatable && f.Format != "plain")
            .GroupBy(f => (f.Folder, f.Format, f.Direction, f.Variant));
        foreach (var group in groups)
        {
            foreach (var same in group.GroupBy(f => f.Version!).Where(g => g.Count() > 1))
            {
                var names = same.Select(f => f.Path).Order(StringComparer.Ordinal).ToList();
                foreach (var file in names.Skip(1))
                {
                    issues.Add(new MigrationSetIssue("duplicate-version", file, null,
                        $"{file} has version {same.Key}, like {names[0]}: the tool runs one of them, or refuses both"));
                }
            }
            var ordered = group.Select(f => f.Version!).Distinct().Order(Comparer<string>.Create(MigrationNaming.Compare)).ToList();
            issues.AddRange(Gaps(group.ToList(), ordered));

            var applied = group.Where(f => f.GitStatus is MigrationGitStatus.Unchanged or MigrationGitStatus.Modified).Select(f => f.Version!).ToList();
            if (applied.Count == 0) continue;
            var highest = applied.Max(Comparer<string>.Create(MigrationNaming.Compare))!;
            foreach (var added in group.Where(f => f.GitStatus == MigrationGitStatus.Added && MigrationNaming.Compare(f.Version!, highest) < 0))
            {
                issues.Add(new MigrationSetIssue("out-of-order", added.Path, null,
                    $"{added.Path} is new but its version {added.Version} is below {highest}, already on the base: databases that applied {highest} skip it or refuse to migrate"));
            }
        }
        foreach (var file in files.Where(f => f.Format == "liquibase"))
        {
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            var lines = file.Content.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (!line.StartsWith("--changeset ", StringComparison.OrdinalIgnoreCase)) continue;
                var id = line["--changeset ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
                if (!ids.TryAdd(id, i + 1))
                {
                    issues.Add(new MigrationSetIssue("duplicate-changeset", file.Path, i + 1, $"changeset {id} is declared again (first on line {ids[id]})"));
                }
            }
        }
        return issues;
    }

    /// <summary>Only sequentially numbered sets have gaps: small integers that mostly step by one.</summary>
    private static IEnumerable<MigrationSetIssue> Gaps(List<MigrationFile> group, List<string> ordered)
    {
        if (ordered.Count < 3 || ordered.Any(v => v.Contains('.', StringComparison.Ordinal) || v.Length > 6)) yield break;
        var numbers = ordered.Select(v => long.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var steps = numbers.Zip(numbers.Skip(1), (a, b) => b - a).ToList();
        if (steps.Count(s => s == 1) < steps.Count * 0.8) yield break;
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] <= 1) continue;
            var after = group.First(f => f.Version == ordered[i + 1]);
            var missing = steps[i] == 2 ? $"{numbers[i] + 1}" : $"{numbers[i] + 1} to {numbers[i + 1] - 1}";
            yield return new MigrationSetIssue("version-gap", after.Path, null,
                $"versions jump from {ordered[i]} to {ordered[i + 1]} (missing {missing}): a migration was lost or renumbered");
        }
    }
}
