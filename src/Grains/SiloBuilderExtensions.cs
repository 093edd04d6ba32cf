using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TraceGrains.Grains.Journal;
using TraceGrains.Grains.Storage;
using Orleans.Runtime;
using Orleans.Configuration;
using Microsoft.Extensions.Options;

namespace TraceGrains.Grains;

public static class SiloBuilderExtensions
{
    /// <summary>Everything a silo needs to host trace grains: storage, journal, limits.</summary>
    public static ISiloBuilder AddTraceGrains(this ISiloBuilder silo)
    {
        silo.AddBlobGrainStorage(StorageNames.Traces);
        var services = silo.Services;
        services.AddOptions<TraceLimitsOptions>().BindConfiguration(TraceLimitsOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<JournalOptions>().BindConfiguration(JournalOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TraceGrains.Index.IndexOptions>().BindConfiguration(TraceGrains.Index.IndexOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TraceActivationOptions>().BindConfiguration(TraceActivationOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<GrainCollectionOptions>().Configure<IOptions<TraceActivationOptions>>((collection, activation) =>
        {
            var idle = TimeSpan.FromSeconds(activation.Value.IdleSeconds);
            collection.ClassSpecificCollectionAge[typeof(TraceGrain).FullName!] = idle;
            // Collection runs every quantum, so an idle trace goes within IdleSeconds plus one quantum.
            if (collection.CollectionQuantum > idle / 2) collection.CollectionQuantum = idle / 2;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAppendLog, BlobAppendLog>();
        services.TryAddSingleton(typeof(FrameCodec<>));
        services.AddOptions<Wal.WalOptions>().BindConfiguration(Wal.WalOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<Wal.SharedLog>();
        services.TryAddSingleton<Wal.WalRecovery>();
        services.AddSingleton<Wal.WalService>();
        services.AddSingleton<Index.IndexOutbox>();
        services.AddOptions<MemoryOptions>().BindConfiguration(MemoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MemoryReclaimer>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<MemoryReclaimer>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<Index.IndexOutbox>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<Wal.WalService>());
        return silo;
    }
}
