using TraceGrains.Api;

var app = ApiApp.Build(args);
app.Run();

public partial class Program;
