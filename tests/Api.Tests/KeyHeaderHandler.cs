namespace TraceGrains.Api.Tests;

/// <summary>Adds an API key to every request, as a gRPC channel's or HttpClient's handler.</summary>
public sealed class KeyHeaderHandler(string header, string value) : DelegatingHandler(new SocketsHttpHandler())
{
    public static KeyHeaderHandler Bearer(string key) => new("Authorization", "Bearer " + key);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        request.Headers.Remove(header);
        request.Headers.TryAddWithoutValidation(header, value);
        return base.SendAsync(request, ct);
    }
}
