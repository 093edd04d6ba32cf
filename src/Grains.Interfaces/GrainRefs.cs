using Orleans.Runtime;

namespace TraceGrains;

/// <summary>
/// Grain references for the hot paths. <c>IGrainFactory.GetGrain&lt;T&gt;(string)</c> looks the
/// interface up by reading its attributes through reflection on every call (about 3 % of a node's CPU
/// at one log per request); here the grain type and interface type are resolved once per interface
/// and each reference is built from them directly.
/// </summary>
public static class GrainRefs
{
    public static ITraceGrain Trace(this IGrainFactory grains, string workspaceId, string traceId) =>
        Cached<ITraceGrain>.Get(grains, new TraceKey(workspaceId, traceId).GrainKey);

    /// <summary>Same reference as <c>GetGrain&lt;T&gt;(key)</c>, without the per-call lookup.</summary>
    public static T Get<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey => Cached<T>.Get(grains, key);

    private static class Cached<T> where T : IGrainWithStringKey
    {
        // Both are names (derived from the grain class and the interface alias), the same in every
        // cluster of the process, so one resolution serves all of them.
        private static (GrainType Type, GrainInterfaceType Interface)? _ids;

        public static T Get(IGrainFactory grains, string key)
        {
            var ids = _ids ??= Resolve(grains);
            return (T)grains.GetGrain(GrainId.Create(ids.Type, key), ids.Interface);
        }

        private static (GrainType, GrainInterfaceType) Resolve(IGrainFactory grains)
        {
            var reference = (GrainReference)(object)grains.GetGrain<T>("-");
            return (reference.GrainId.Type, reference.InterfaceType);
        }
    }
}
