namespace TraceGrains.Api.Tests;

/// <summary>The small-limits node, shared by the limit and rate-limit tests.</summary>
[CollectionDefinition(Name)]
public sealed class LimitsCollection : ICollectionFixture<LimitsFixture>
{
    public const string Name = "limits";
}
