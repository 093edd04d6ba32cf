using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace TraceGrains.Api.Tests;

/// <summary>
/// Sums a counter's measurements by one tag's value while alive (in-process hosts only); only those
/// of one workspace, so tests running in parallel on other workspaces do not add to them. A null
/// workspace takes every measurement (for counters without a workspace tag; then only lower bounds hold).
/// </summary>
public sealed class MetricCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _byTag = new();

    public MetricCapture(string meter, string instrument, string tag, string? workspace)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == meter && i.Name == instrument) l.EnableMeasurementEvents(i);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? tagValue = null, workspaceValue = null;
            foreach (var t in tags)
            {
                if (t.Key == tag) tagValue = t.Value?.ToString();
                if (t.Key == "workspace") workspaceValue = t.Value?.ToString();
            }
            if (tagValue is not null && (workspace is null || workspaceValue == workspace)) _byTag.AddOrUpdate(tagValue, value, (_, sum) => sum + value);
        });
        _listener.Start();
    }

    public long this[string tagValue] => _byTag.GetValueOrDefault(tagValue);

    public void Dispose() => _listener.Dispose();
}
