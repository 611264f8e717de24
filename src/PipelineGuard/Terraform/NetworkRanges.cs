using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PipelineGuard.Terraform;

/// <summary>
/// Port specifications as providers write them: a port ("22"), a range ("20-30", AWS/Azure/GCP), or
/// "*" (Azure: every port). Judged as the set of ports they open, so "1-65535" opens 22 like "22" does.
/// </summary>
public static class PortSpec
{
    public const int MaxPort = 65535;

    /// <summary>The inclusive range a spec opens; false when the text is not a port spec.</summary>
    public static bool TryParse(string text, out int from, out int to)
    {
        var t = text.Trim();
        from = to = 0;
        if (t is "*" or "any" or "Any")
        {
            to = MaxPort;
            return true;
        }
        var dash = t.IndexOf('-', 1 < t.Length ? 1 : 0);
        if (dash > 0)
        {
            return Port(t[..dash], out from) && Port(t[(dash + 1)..], out to) && from <= to;
        }
        if (!Port(t, out from)) return false;
        to = from;
        return true;
    }

    /// <summary>Whether the spec opens any of the ports; null when the text is not a port spec.</summary>
    public static bool? Covers(string text, IReadOnlyList<int> ports) =>
        TryParse(text, out var from, out var to) ? ports.Any(p => p >= from && p <= to) : null;

    private static bool Port(string s, out int port) =>
        int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 0 and <= MaxPort;
}

/// <summary>
/// A set of address ranges from CIDRs ("10.0.0.0/8", "::/0", a bare address as /32 or /128), so a rule can
/// ask whether CIDRs together cover a range: 0.0.0.0/1 and 128.0.0.0/1 are the whole internet, as 0.0.0.0/0 is.
/// </summary>
public sealed class CidrSet
{
    private readonly List<(UInt128 First, UInt128 Last)> _v4 = [];
    private readonly List<(UInt128 First, UInt128 Last)> _v6 = [];

    /// <summary>Adds a CIDR; false when the text is not one (service tags such as "Internet" are not CIDRs).</summary>
    public bool Add(string text)
    {
        if (!TryRange(text, out var v6, out var first, out var last)) return false;
        (v6 ? _v6 : _v4).Add((first, last));
        return true;
    }

    /// <summary>Whether the union of the added ranges holds every address of <paramref name="cidr"/>.</summary>
    public bool Covers(string cidr)
    {
        if (!TryRange(cidr, out var v6, out var first, out var last)) return false;
        var next = first;
        foreach (var (f, l) in (v6 ? _v6 : _v4).OrderBy(r => r.First))
        {
            if (f > next) break;
            if (l >= next)
            {
                if (l >= last) return true;
                next = l + 1;
            }
        }
        return false;
    }

    public static bool IsCidr(string text) => TryRange(text, out _, out _, out _);

    private static bool TryRange(string text, out bool v6, out UInt128 first, out UInt128 last)
    {
        v6 = false;
        first = last = 0;
        var t = text.Trim();
        var slash = t.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? t : t[..slash];
        if (!IPAddress.TryParse(addressText, out var address)) return false;
        v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        var bits = v6 ? 128 : 32;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(t[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits)) return false;
        UInt128 value = 0;
        foreach (var b in address.GetAddressBytes()) value = (value << 8) | b;
        var hostBits = bits - prefix;
        var hostMask = hostBits == 0 ? UInt128.Zero : hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        first = value & ~hostMask;
        last = first | hostMask;
        return true;
    }
}
