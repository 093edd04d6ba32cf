using TraceGrains.Api.Hosting;

namespace TraceGrains.Api;

/// <summary>Builds the API node; tests use it to run real hosts with their own settings.</summary>
public static class ApiApp
{
    /// <param name="configure">Last changes before building (tests add log capture this way).</param>
    public static WebApplication Build(string[] args, IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.AddTraceGrainsOrleans();
        builder.AddTraceGrainsKestrel();
        builder.AddTraceGrainsApi();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapTraceGrainsEndpoints();
        return app;
    }
}
