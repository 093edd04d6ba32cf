using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Runtime.Hosting;

namespace TraceGrains.Grains.Storage;

public static class BlobGrainStorageExtensions
{
    /// <summary>
    /// Registers <see cref="BlobGrainStorage"/> under <paramref name="name"/>, with its options bound
    /// from <see cref="BlobStorageOptions.Section"/> and validated when the silo starts.
    /// </summary>
    public static ISiloBuilder AddBlobGrainStorage(this ISiloBuilder builder, string name)
    {
        builder.Services.AddBlobStorageCore();
        builder.Services.AddGrainStorage(name, (sp, n) => ActivatorUtilities.CreateInstance<BlobGrainStorage>(sp, n));
        return builder;
    }

    /// <summary>The options, the counting pipeline and the container shared by all blob stores.</summary>
    public static IServiceCollection AddBlobStorageCore(this IServiceCollection services)
    {
        services.AddOptions<BlobStorageOptions>().BindConfiguration(BlobStorageOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<StorageCounters>();
        services.TryAddSingleton<BlobContainerProvider>();
        return services;
    }
}
