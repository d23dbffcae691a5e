using MlPipeline.Tuning;
using MlPipeline.Tuning.Storage;

namespace MlPipeline.Tests.Tuning;

/// <summary>Shared helpers: crafted trials, storage backends, the PostgreSQL connection.</summary>
internal static class TuningTestKit
{
    public const string PostgresVariable = "MLPIPELINE_TEST_POSTGRES";

    public static string PostgresConnectionString()
    {
        var cs = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(cs))
            Assert.Fail($"{PostgresVariable} is not set. Start a test server with: eval \"$(sudo bash tests/ci-postgres.sh)\" and rerun.");
        return cs!;
    }

    public static string TempSqlitePath() =>
        Path.Combine(Path.GetTempPath(), "mlpipeline-tuning-tests", $"{Guid.NewGuid():N}.db");

    public static IStudyStorage OpenBackend(string backend) => backend switch
    {
        "memory" => new InMemoryStudyStorage(),
        "sqlite" => SqlStudyStorage.OpenSqlite(TempSqlitePath()),
        "postgres" => SqlStudyStorage.OpenPostgres(PostgresConnectionString()),
        _ => throw new ArgumentException(backend),
    };

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static FrozenTrial Crafted(
        int number, TrialState state, double? value = null, IReadOnlyDictionary<int, double>? curve = null,
        IReadOnlyDictionary<string, double>? param = null, Distribution? distribution = null) =>
        new(number, number, state, value,
            param ?? new Dictionary<string, double>(),
            param?.ToDictionary(kv => kv.Key, _ => distribution ?? new FloatDistribution(0, 1)) ?? new Dictionary<string, Distribution>(),
            curve ?? new Dictionary<int, double>(), new Dictionary<string, string>(), DateTimeOffset.UnixEpoch, null, null,
            new Dictionary<string, object>());

    public static Dictionary<int, double> Curve(params double[] values) =>
        values.Select((v, i) => (v, i)).ToDictionary(p => p.i, p => p.v);
}

/// <summary>A study view over crafted trials, so pruners and samplers can be tested as pure functions.</summary>
internal sealed class FakeStudyView(StudyDirection direction, IReadOnlyList<FrozenTrial> trials) : IStudyView
{
    public StudyDirection Direction { get; } = direction;

    public IReadOnlyList<FrozenTrial> GetTrials(IReadOnlyCollection<TrialState>? states = null) =>
        trials.Where(t => states is null || states.Contains(t.State)).ToList();
}
