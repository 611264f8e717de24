using System.Runtime.InteropServices;
using System.Text;
using PipelineGuard.Model;

namespace PipelineGuard.Inputs;

/// <summary>The kinds of file the guard reads, each with the most bytes it accepts.</summary>
public enum InputKind { Plan, Migration, Context, Policy, IncidentFile, EventPayload }

/// <summary>
/// What the guard will read: a regular file (not a FIFO, device or socket, which could block or never
/// end) within the size limit of its kind. Checked before the file is opened, so /dev/zero or a FIFO
/// is refused at once. The limits keep every input within 1 GB of memory and 30 s.
/// </summary>
public static class InputLimits
{
    public const long MaxPlanBytes = 1L << 30;
    public const long MaxMigrationBytes = 16L << 20;
    public const long MaxMigrationSetBytes = 128L << 20;
    public const long MaxContextBytes = 1L << 20;
    public const long MaxPolicyBytes = 8L << 20;
    public const long MaxIncidentFileBytes = 16L << 20;
    public const long MaxEventPayloadBytes = 32L << 20;

    public static long MaxBytes(InputKind kind) => kind switch
    {
        InputKind.Plan => MaxPlanBytes,
        InputKind.Migration => MaxMigrationBytes,
        InputKind.Context => MaxContextBytes,
        InputKind.Policy => MaxPolicyBytes,
        InputKind.IncidentFile => MaxIncidentFileBytes,
        _ => MaxEventPayloadBytes,
    };

    public static string Word(InputKind kind) => kind switch
    {
        InputKind.Plan => "plan",
        InputKind.Migration => "migration file",
        InputKind.Context => "context file",
        InputKind.Policy => "policy file",
        InputKind.IncidentFile => "incident file",
        _ => "event payload",
    };

    /// <summary>Throws <see cref="InputException"/> unless the path is a regular file within its kind's limit; returns its size.</summary>
    public static long Check(string path, InputKind kind, string? displayName = null) =>
        Problem(path, kind, out var size) is { } problem ? throw new InputException(displayName ?? path, null, null, problem) : size;

    /// <summary>Why the path cannot be read as this kind of input, or null with its size.</summary>
    public static string? Problem(string path, InputKind kind, out long size)
    {
        size = 0;
        var type = FileTypes.Of(path);
        if (type == FileType.Missing) return $"the {Word(kind)} does not exist";
        if (type == FileType.Directory) return $"is a folder, not a {Word(kind)}";
        if (type != FileType.Regular)
        {
            return $"is a {FileTypes.Word(type)}, not a regular file: the guard reads only regular files (a FIFO or device could block or never end)";
        }
        try
        {
            size = new FileInfo(path).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot read the {Word(kind)}: {ex.Message}";
        }
        var max = MaxBytes(kind);
        return size > max ? $"the {Word(kind)} is {Describe(size)}; a {Word(kind)} is limited to {Describe(max)}" : null;
    }

    public static string Describe(long bytes) =>
        bytes >= 1L << 20 ? $"{bytes / (double)(1L << 20):0.#} MiB ({bytes} bytes)" : $"{bytes} bytes";
}

/// <summary>What a path names, as stat(2) says after following links.</summary>
public enum FileType { Missing, Regular, Directory, Fifo, CharacterDevice, BlockDevice, Socket, Other }

/// <summary>File types from statx(2) on Linux and stat(2) on macOS; elsewhere only regular files and folders exist for the guard.</summary>
public static class FileTypes
{
    public static string Word(FileType type) => type switch
    {
        FileType.Fifo => "FIFO (named pipe)",
        FileType.CharacterDevice => "character device",
        FileType.BlockDevice => "block device",
        FileType.Socket => "socket",
        FileType.Directory => "folder",
        FileType.Regular => "regular file",
        FileType.Missing => "missing file",
        _ => "special file",
    };

    public static FileType Of(string path)
    {
        if (Directory.Exists(path)) return FileType.Directory;
        if (!File.Exists(path)) return FileType.Missing;
        var mode = Mode(path);
        if (mode is not { } m) return FileType.Regular;
        return (m & 0xF000) switch
        {
            0x8000 => FileType.Regular,
            0x4000 => FileType.Directory,
            0x1000 => FileType.Fifo,
            0x2000 => FileType.CharacterDevice,
            0x6000 => FileType.BlockDevice,
            0xC000 => FileType.Socket,
            _ => FileType.Other,
        };
    }

    /// <summary>st_mode, or null when the platform call is not available.</summary>
    private static int? Mode(string path)
    {
        var name = Encoding.UTF8.GetBytes(path + "\0");
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // struct statx is the same on every Linux architecture: stx_mode is the u16 at offset 28.
                var buffer = new byte[256];
                return Native.Statx(AtFdCwd, name, 0, StatxType, buffer) == 0 ? BitConverter.ToUInt16(buffer, 28) : null;
            }
            if (OperatingSystem.IsMacOS())
            {
                // Darwin's 64-bit-inode struct stat: st_dev (int32), then st_mode (u16) at offset 4.
                var buffer = new byte[512];
                var result = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? Native.MacStatX64(name, buffer) : Native.MacStat(name, buffer);
                return result == 0 ? BitConverter.ToUInt16(buffer, 4) : null;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        return null;
    }

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x0001;

    private static class Native
    {
        [DllImport("libc.so.6", EntryPoint = "statx", SetLastError = true)]
        public static extern int Statx(int dirfd, byte[] path, int flags, uint mask, byte[] buffer);

        [DllImport("libSystem.dylib", EntryPoint = "stat", SetLastError = true)]
        public static extern int MacStat(byte[] path, byte[] buffer);

        [DllImport("libSystem.dylib", EntryPoint = "stat$INODE64", SetLastError = true)]
        public static extern int MacStatX64(byte[] path, byte[] buffer);
    }
}
