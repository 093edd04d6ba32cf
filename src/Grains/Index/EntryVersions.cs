using TraceGrains.Index;

namespace TraceGrains.Grains.Index;

/// <summary>
/// The versions of one trace's entry that a live cursor may still need: each with the time from
/// which it was the current one. A list asks for the version current at its <c>asOf</c> time, so
/// that traces changing while someone pages neither jump pages nor appear twice.
/// </summary>
internal sealed class EntryVersions(TraceIndexEntry first, DateTimeOffset from)
{
    private readonly List<(TraceIndexEntry Entry, DateTimeOffset From)> _versions = [(first, from)];

    public TraceIndexEntry Current => _versions[^1].Entry;

    /// <summary>False when the entry is not newer than the current one (an update that arrived late).</summary>
    public bool Add(TraceIndexEntry entry, DateTimeOffset now, DateTimeOffset keepAfter)
    {
        if (entry.LastSeen < Current.LastSeen || entry == Current) return false;
        _versions.Add((entry, now));
        // A version can go once its successor became current before every live cursor's asOf.
        var drop = 0;
        while (drop < _versions.Count - 1 && _versions[drop + 1].From <= keepAfter) drop++;
        _versions.RemoveRange(0, drop);
        return true;
    }

    /// <summary>The version current at <paramref name="asOf"/>, or null if the trace was not indexed yet.</summary>
    public TraceIndexEntry? At(DateTimeOffset asOf)
    {
        for (var i = _versions.Count - 1; i >= 0; i--)
        {
            if (_versions[i].From <= asOf) return _versions[i].Entry;
        }
        return null;
    }
}
