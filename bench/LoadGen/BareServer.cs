using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace TraceGrains.Bench.LoadGen;

/// <summary>
/// The floor to compare against: Kestrel on 127.0.0.1 with one POST endpoint (any path) that reads
/// the whole body and answers a small JSON object, and nothing else (no Orleans, no parsing).
/// </summary>
internal static class BareServer
{
    private const long MaxBody = 64L * 1024 * 1024;
    private static readonly byte[] Answer = """{"status":"success","message":"read"}"""u8.ToArray();

    public static WebApplication Build(int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = MaxBody;
            k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            var reader = http.Request.BodyReader;
            // Bounded by Kestrel's body size limit: each pass consumes what arrived.
            for (long read = 0; read <= MaxBody;)
            {
                var result = await reader.ReadAsync(http.RequestAborted);
                read += result.Buffer.Length;
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted) break;
            }
            http.Response.ContentType = "application/json";
            http.Response.ContentLength = Answer.Length;
            await http.Response.Body.WriteAsync(Answer, http.RequestAborted);
        });
        return app;
    }

    /// <summary>Serves until Ctrl-C or <paramref name="seconds"/>.</summary>
    public static async Task ServeAsync(int port, int seconds, CancellationToken ct)
    {
        await using var app = Build(port);
        await app.StartAsync(ct);
        Console.Error.WriteLine($"bare endpoint: POST http://127.0.0.1:{port}/ (any path); Ctrl-C or {seconds} s to stop");
        try { await Task.Delay(TimeSpan.FromSeconds(seconds), ct); }
        catch (OperationCanceledException) { }
        await app.StopAsync(CancellationToken.None);
    }
}
