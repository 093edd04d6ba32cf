namespace TraceGrains.Bench.LoadGen;

/// <summary>A model as the two conventions name it, with the provider's endpoint for Portkey logs.</summary>
internal sealed record LlmModel(string Name, string Provider, string Url);
