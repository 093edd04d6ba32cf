// Micro-benchmarks of the span tree and the codecs (BenchmarkDotNet).
//   dotnet run -c Release --project bench/Micro -- --filter '*'              full runs
//   dotnet run -c Release --project bench/Micro -- --filter '*' --job short  quick
//   dotnet run -c Release --project bench/Micro -- --list flat               what there is
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(TraceGrains.Bench.Micro.TraceTreeBenchmarks).Assembly).Run(args);
