using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using TraceGrains.Api.Auth;
using TraceGrains.Api.Errors;
using TraceGrains.Api.Limits;
using TraceGrains.Api.Ingest;
using TraceGrains.Api.Query;
using TraceGrains.Grains;
using TraceGrains.Grains.Hosting;

namespace TraceGrains.Api.Hosting;

public static class HostingExtensions
{
    /// <summary>
    /// The single-node default co-hosts a silo (localhost clustering, storing on blobs); in Redis mode
    /// the node is an Orleans client of the silos and scales apart from them.
    /// </summary>
    public static IHostApplicationBuilder AddTraceGrainsOrleans(this IHostApplicationBuilder builder) =>
        ClusterConfiguration.Read(builder.Configuration).HostsSilo ? builder.AddTraceGrainsSilo() : builder.AddTraceGrainsClient();

    /// <summary>One HTTP/1.1 port for REST and one HTTP/2 cleartext port for gRPC, on the bind address.</summary>
    public static WebApplicationBuilder AddTraceGrainsKestrel(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var api = context.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new();
            var address = IPAddress.Parse(api.BindAddress);
            kestrel.Limits.MaxRequestBodySize = api.MaxRequestBodyBytes;
            kestrel.Listen(address, api.HttpPort, o => o.Protocols = HttpProtocols.Http1);
            kestrel.Listen(address, api.GrpcPort, o => o.Protocols = HttpProtocols.Http2);
            kestrel.Listen(address, api.OtlpHttpPort, o => o.Protocols = HttpProtocols.Http1);
        });
        return builder;
    }

    /// <summary>Ingestion, queries, gRPC plumbing and the error mapping.</summary>
    public static WebApplicationBuilder AddTraceGrainsApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOptions<Pricing.PricingOptions>().BindConfiguration(Pricing.PricingOptions.Section);
        services.AddSingleton(sp => Pricing.CostCalculator.FromConfiguration(
            sp.GetRequiredService<IOptions<Pricing.PricingOptions>>(), sp.GetRequiredService<IHostEnvironment>()));
        services.AddSingleton<SpanIngestor>();
        services.AddSingleton<EncodedAnswers>();
        services.AddSingleton<TraceReader>();
        services.AddSingleton<TraceLister>();
        services.AddSingleton<ListCursorCodec>();
        // Feedback metadata is checked here against the span limits; a co-hosted silo binds the same section.
        services.AddOptions<TraceLimitsOptions>().BindConfiguration(TraceLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<QueryOptions>().BindConfiguration(QueryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Index.IndexOptions>().BindConfiguration(Index.IndexOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Otlp.OtlpReceiver>();
        services.AddSingleton<Grpc.AspNetCore.Server.Model.IServiceMethodProvider<Otlp.OtlpTraceService>, Otlp.OtlpTraceMethodProvider>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Grpc.AspNetCore.Server.Model.IServiceMethodProvider<TraceQueryService>, TraceQueryMethodProvider>();
        // gRPC bodies bypass Kestrel's body limit; the same limit applies as a message size (RESOURCE_EXHAUSTED above it).
        var maxBody = builder.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>()?.MaxRequestBodyBytes ?? new ApiOptions().MaxRequestBodyBytes;
        services.AddGrpc(o =>
        {
            o.Interceptors.Add<GrpcErrorInterceptor>();
            o.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, maxBody);
        });
        // Reflection finds services by their generated base class; ours are bound by method providers
        // (for safe marshallers), so it is told their descriptors. Registered first, it wins.
        services.AddSingleton(new Grpc.Reflection.ReflectionServiceImpl(
            V1.TraceQuery.Descriptor, OpenTelemetry.Proto.Collector.Trace.V1.TraceService.Descriptor,
            Grpc.Health.V1.Health.Descriptor, Grpc.Reflection.V1Alpha.ServerReflection.Descriptor));
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck("orleans", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ApiOptions>>().Value);
        builder.AddTraceGrainsAuth();
        builder.AddTraceGrainsRateLimiting();
        return builder;
    }

    public static WebApplication MapTraceGrainsEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        // Every endpoint needs a key unless it says otherwise (the fallback policy); the rate limiter
        // runs after authentication because it is keyed by the key's workspace.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapGet("/health", () => Results.Ok(new { status = "ok" })).AllowAnonymous();
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" })).AllowAnonymous();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        Portkey.PortkeyEndpoints.Map(app);
        app.MapGrpcService<TraceQueryService>().RequireAuthorization(AuthPolicies.Workspace);
        app.MapGrpcService<Otlp.OtlpTraceService>().RequireAuthorization(AuthPolicies.Workspace);
        Otlp.OtlpHttpEndpoints.Map(app);
        app.MapGrpcReflectionService();
        TraceJsonEndpoints.Map(app);
        StatsEndpoints.Map(app);
        AdminEndpoints.Map(app);
        AdminAuthEndpoints.Map(app);
        return app;
    }
}
