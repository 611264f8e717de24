using System.Globalization;

namespace PipelineGuard.Trace;

/// <summary>
/// The PostgreSQL server programs a throwaway server is started from: <c>initdb</c>, <c>pg_ctl</c> and
/// <c>postgres</c> in one folder. Found in the folder named by <see cref="BinDirectoryVariable"/>, else beside
/// <c>initdb</c> on PATH, else in the newest <c>/usr/lib/postgresql/&lt;major&gt;/bin</c> (Debian's layout).
/// </summary>
public sealed record PostgresBinaries(string Directory)
{
    /// <summary>
    /// The environment variable naming the folder. Not <c>PG_BIN</c>: benchmarks/compare.sh already uses that name
    /// for a published pipeline-guard binary.
    /// </summary>
    public const string BinDirectoryVariable = "PIPELINE_GUARD_POSTGRES_BIN";

    private static readonly string[] s_programs = ["initdb", "pg_ctl", "postgres"];

    public string InitDb => Path.Combine(Directory, "initdb");
    public string PgCtl => Path.Combine(Directory, "pg_ctl");
    public string Postgres => Path.Combine(Directory, "postgres");

    /// <summary>The server programs, or a <see cref="PostgresUnavailableException"/> naming what is missing and where it looked.</summary>
    public static PostgresBinaries Find(IReadOnlyDictionary<string, string?> environment) =>
        TryFind(environment, out var found, out var why) ? found : throw new PostgresUnavailableException(why);

    /// <summary>Like <see cref="Find"/>, for callers that decide themselves what a missing server means (a skipped test).</summary>
    public static bool TryFind(IReadOnlyDictionary<string, string?> environment, out PostgresBinaries binaries, out string whyNot) =>
        TryFind(environment, "/usr/lib/postgresql", out binaries, out whyNot);

    internal static bool TryFind(IReadOnlyDictionary<string, string?> environment, string debianRoot, out PostgresBinaries binaries, out string whyNot)
    {
        binaries = new PostgresBinaries("");
        whyNot = "";
        if (environment.TryGetValue(BinDirectoryVariable, out var named) && !string.IsNullOrWhiteSpace(named))
        {
            // An explicit choice is used or refused, never silently replaced by another server.
            var missing = Missing(named);
            if (missing.Count == 0)
            {
                binaries = new PostgresBinaries(Path.GetFullPath(named));
                return true;
            }
            whyNot = $"{BinDirectoryVariable}={named} has no {string.Join(", ", missing)}";
            return false;
        }

        var searched = new List<string>();
        var path = environment.TryGetValue("PATH", out var p) ? p ?? "" : "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = Path.Combine(folder, "initdb");
            if (!File.Exists(initdb)) continue;
            // Debian links /usr/local/bin/initdb to /usr/lib/postgresql/15/bin/initdb: the real folder has pg_ctl and postgres.
            var real = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
            var realFolder = Path.GetDirectoryName(real)!;
            if (Missing(realFolder).Count == 0)
            {
                binaries = new PostgresBinaries(realFolder);
                return true;
            }
            searched.Add(realFolder);
        }

        if (System.IO.Directory.Exists(debianRoot))
        {
            var newest = System.IO.Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Major: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : -1))
                .Where(d => d.Major > 0)
                .OrderByDescending(d => d.Major)
                .Select(d => d.Dir)
                .FirstOrDefault(d => Missing(d).Count == 0);
            if (newest is not null)
            {
                binaries = new PostgresBinaries(newest);
                return true;
            }
        }
        searched.Add($"{debianRoot}/<major>/bin");

        whyNot = "no PostgreSQL server programs (initdb, pg_ctl, postgres) were found: looked on PATH" +
                 (searched.Count > 1 ? $" ({string.Join(", ", searched.SkipLast(1))})" : "") +
                 $" and in {debianRoot}/<major>/bin. Install the server (Debian: apt-get install postgresql), " +
                 $"set {BinDirectoryVariable} to its bin folder, or give --postgres <url>";
        return false;
    }

    private static List<string> Missing(string folder) =>
        s_programs.Where(program => !File.Exists(Path.Combine(folder, program))).ToList();
}

/// <summary>No PostgreSQL server could be started or reached, so nothing could be traced (exit 2).</summary>
public sealed class PostgresUnavailableException(string problem, Exception? inner = null) : Exception(problem, inner);
