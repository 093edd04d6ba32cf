namespace TraceGrains.Api.Tests;

/// <summary>
/// Sends like a well-behaved exporter: 429 and 503 are retried after Retry-After, a bounded number
/// of times. For test set-up, where a busy machine may legitimately push back.
/// </summary>
public static class RetryingClient
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string url, Func<HttpContent> content, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await http.PostAsync(url, content(), ct);
            if ((int)response.StatusCode is not (429 or 503) || attempt == 10) return response;
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            await Task.Delay(wait < TimeSpan.FromSeconds(2) ? wait : TimeSpan.FromSeconds(2), ct);
        }
    }
}
