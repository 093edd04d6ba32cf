namespace TraceGrains.Bench.LoadGen;

/// <summary>
/// How one request ended. <see cref="Status"/> is the HTTP status ("200", "429") or the gRPC status
/// ("OK", "Unavailable"), or "error" when no answer came (then <see cref="ErrorKind"/> says why).
/// A successful answer may still refuse spans: <see cref="Rejected"/> counts them, and
/// <see cref="RejectedIndexes"/> names them when the door says which (Portkey's per-log results).
/// </summary>
internal readonly record struct Answer(string Status, bool Success, int Rejected, IReadOnlyList<int>? RejectedIndexes, string? ErrorKind)
{
    public static Answer Failed(string kind) => new("error", false, 0, null, kind);
}
