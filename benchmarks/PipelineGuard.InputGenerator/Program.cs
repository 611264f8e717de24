using System.Globalization;
using PipelineGuard.InputGenerator;

// pg-generate plan --resources N --seed S --out FILE
if (args.Length < 1 || args[0] != "plan")
{
    Console.Error.WriteLine("usage: pg-generate plan --resources N [--seed S] --out FILE");
    return 2;
}
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i += 2) options[args[i]] = args[i + 1];
var resources = int.Parse(options.GetValueOrDefault("--resources", "1000"), CultureInfo.InvariantCulture);
var seed = int.Parse(options.GetValueOrDefault("--seed", "42"), CultureInfo.InvariantCulture);
var output = options.GetValueOrDefault("--out") ?? throw new ArgumentException("--out is required");
using (var stream = File.Create(output))
{
    PlanGenerator.Write(stream, resources, seed);
}
Console.WriteLine($"{output}: {resources} resource changes, {new FileInfo(output).Length / 1_000_000.0:F1} MB, seed {seed}");
return 0;
