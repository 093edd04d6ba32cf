namespace TraceGrains.Bench.LoadGen;

/// <summary>One way of sending a prepared request.</summary>
internal interface ITarget : IDisposable
{
    string Describe { get; }
    Task<Answer> SendAsync(PreparedRequest request, CancellationToken ct);
}
