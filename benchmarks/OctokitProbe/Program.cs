// What Octokit 14.0.0 does with answers a guard must not take as a pass, against a loopback server:
// a 200 HTML page, a JSON object where a list belongs, and a list that pages without end. Prints one
// line per case; run it JIT and Native AOT (docs/dependencies.md).
using System.Net;
using System.Text;
using Octokit;

var listener = new HttpListener();
var port = Random.Shared.Next(20000, 60000);
listener.Prefixes.Add($"http://127.0.0.1:{port}/");
listener.Start();
var pagedRequests = 0;
_ = Task.Run(async () =>
{
    while (listener.IsListening)
    {
        var ctx = await listener.GetContextAsync();
        var path = ctx.Request.Url!.AbsolutePath;
        string body, type = "application/json";
        if (path.Contains("/repos/html/", StringComparison.Ordinal))
        {
            body = "<html><body>Sign in to continue</body></html>";
            type = "text/html";
        }
        else if (path.Contains("/repos/object/", StringComparison.Ordinal))
        {
            body = """{"id": 1, "state": "APPROVED", "user": {"login": "mallory", "id": 2}}""";
        }
        else if (path.Contains("/repos/paged/", StringComparison.Ordinal))
        {
            var page = Interlocked.Increment(ref pagedRequests);
            ctx.Response.AddHeader("Link", $"<http://127.0.0.1:{port}/api/v3/repos/paged/r/pulls/1/reviews?page={page + 1}>; rel=\"next\"");
            body = "[{\"id\": " + page + ", \"state\": \"COMMENTED\", \"user\": {\"login\": \"u" + page + "\", \"id\": " + page + "}}]";
        }
        else
        {
            body = """[{"id": 1, "state": "APPROVED", "user": {"login": "alice", "id": 3}}]""";
        }
        var bytes = Encoding.UTF8.GetBytes(body);
        ctx.Response.ContentType = type;
        ctx.Response.StatusCode = 200;
        await ctx.Response.OutputStream.WriteAsync(bytes);
        ctx.Response.Close();
    }
});

var client = new GitHubClient(new ProductHeaderValue("octokit-probe"), new Uri($"http://127.0.0.1:{port}/"));
async Task Case(string name, string owner)
{
    try
    {
        var call = client.PullRequest.Review.GetAll(owner, "r", 1);
        var done = await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(20)));
        if (done != call)
        {
            Console.WriteLine($"{name}: still paging after 20 s, {pagedRequests} pages requested, no cap");
            return;
        }
        var reviews = await call;
        Console.WriteLine($"{name}: returned {reviews.Count} review(s): [{string.Join(", ", reviews.Select(r => $"{r.User?.Login}:{r.State.StringValue}"))}]");
    }
    catch (Exception e)
    {
        Console.WriteLine($"{name}: threw {e.GetType().Name}: {e.Message.Split('\n')[0]}");
    }
}

await Case("a JSON list (the normal answer)", "ok");
await Case("a 200 HTML page", "html");
await Case("a JSON object where a list belongs", "object");
await Case("a list whose Link header always names a next page", "paged");
listener.Stop();
