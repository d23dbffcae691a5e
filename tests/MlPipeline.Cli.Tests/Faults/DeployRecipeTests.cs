using System.Globalization;
using System.Text.RegularExpressions;
using MlPipeline.Testing;
using MlPipeline.Tuning;
using MlPipeline.Tuning.Storage;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace MlPipeline.Cli.Tests.Faults;

/// <summary>
/// deploy/compose.yaml and deploy/k8s/worker-job.yaml, parsed, and the very worker commands they hold run as local
/// processes against the test PostgreSQL server, with the variables they declare set to the test's storage and data.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed partial class DeployRecipeTests(ITestOutputHelper output) : IDisposable
{
    private const int TrialsPerWorker = 3;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Compose_Recipe_Runs_Postgres_And_Workers_With_One_Study_And_Their_Own_Seeds()
    {
        // Given: the compose file's worker services, each merged with its anchor, beside a PostgreSQL service
        var services = Mapping(Load("deploy/compose.yaml"), "services");
        var postgres = Mapping(services, "postgres");
        Assert.StartsWith("postgres:", Scalar(postgres, "image"));
        var workers = services.Children.Where(s => ((YamlScalarNode)s.Key).Value!.StartsWith("worker", StringComparison.Ordinal))
            .Select(s => (YamlMappingNode)s.Value).ToList();
        Assert.True(workers.Count >= 2, "at least two worker services");
        var variables = Variables();
        var commands = workers.Select(w =>
        {
            Assert.Equal(new[] { "mlpipeline" }, Sequence(Merged(w, "entrypoint")));
            Assert.Contains("postgres", ((YamlMappingNode)Merged(w, "depends_on")).Children.Keys.Select(k => ((YamlScalarNode)k).Value));
            return Sequence(Merged(w, "command")).Select(a => ComposeVariable().Replace(a, m => Substitute(m, variables))).ToList();
        }).ToList();

        // When / Then
        RunAndCheck("compose", commands, variables);
    }

    [Fact]
    public void Kubernetes_Indexed_Job_Seeds_Each_Worker_With_Its_Completion_Index()
    {
        // Given: the Job's container command and arguments, with the variables its pods get
        var job = Load("deploy/k8s/worker-job.yaml");
        Assert.Equal(("batch/v1", "Job"), (Scalar(job, "apiVersion"), Scalar(job, "kind")));
        var spec = Mapping(job, "spec");
        Assert.Equal("Indexed", Scalar(spec, "completionMode"));
        var completions = int.Parse(Scalar(spec, "completions"), CultureInfo.InvariantCulture);
        Assert.True(completions >= 2, "at least two workers");
        var container = (YamlMappingNode)((YamlSequenceNode)Mapping(Mapping(spec, "template"), "spec")["containers"]).Children.Single();
        Assert.Equal(new[] { "mlpipeline" }, Sequence(container["command"]));
        var declared = ((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>().ToDictionary(e => Scalar(e, "name"), e =>
            e.Children.ContainsKey(new YamlScalarNode("value")) ? Scalar(e, "value") : null);
        var variables = Variables();
        Assert.All(variables.Keys, name => Assert.True(declared.ContainsKey(name), $"the Job declares {name}"));
        var args = Sequence(container["args"]);
        Assert.Contains("$(JOB_COMPLETION_INDEX)", args);
        var commands = Enumerable.Range(0, completions).Select(index => args.Select(a => KubernetesVariable().Replace(a, m =>
        {
            var name = m.Groups[1].Value;
            // Set by Kubernetes in every pod of an Indexed Job; the others come from the Job's env (the test's values first).
            if (name == "JOB_COMPLETION_INDEX") return index.ToString(CultureInfo.InvariantCulture);
            Assert.True(declared.ContainsKey(name), $"{name} is not declared in the Job's env");
            return variables.GetValueOrDefault(name) ?? declared[name]!;
        })).ToList()).ToList();

        // When / Then
        RunAndCheck("k8s", commands, variables);
    }

    /// <summary>Runs every worker command at once, then checks the study got exactly the trials asked for.</summary>
    private void RunAndCheck(string recipe, List<List<string>> commands, IReadOnlyDictionary<string, string> variables)
    {
        Assert.All(commands, c => Assert.Equal("worker", c[0]));
        var seeds = commands.Select(c => c[c.IndexOf("--sampler-seed") + 1]).ToList();
        Assert.Equal(seeds.Count, seeds.Distinct().Count());
        var processes = commands.Select(c => CliProcess.Start(_dir.Path, c)).ToList();
        try
        {
            var codes = processes.Select(p => p.WaitForExit()).ToList();
            Assert.True(codes.All(c => c == 0), string.Join(" | ", processes.Select((p, i) => $"worker {i}: exit {codes[i]} {p.Error.Trim().Split('\n').Last()}")));
        }
        finally
        {
            processes.ForEach(p => p.Dispose());
        }
        using var storage = SqlStudyStorage.OpenPostgres(variables["MLPIPELINE_STORAGE"]);
        var trials = storage.GetAllTrials(storage.FindStudy(variables["MLPIPELINE_STUDY"])!.StudyId);
        Assert.Equal(commands.Count * TrialsPerWorker, trials.Count(t => t.State.IsFinished()));
        Assert.Equal(Enumerable.Range(0, trials.Count), trials.Select(t => t.Number).Order());
        Assert.Contains(trials, t => t.State == TrialState.Complete);
        output.WriteLine($"{recipe}: {commands.Count} workers (sampler seeds {string.Join(",", seeds)}), {trials.Count} trials, "
            + $"{trials.Count(t => t.State == TrialState.Complete)} complete; "
            + $"failed: {string.Join("; ", trials.Where(t => t.State == TrialState.Failed).Select(t => $"#{t.Number} {t.FailReason}"))}");
    }

    private Dictionary<string, string> Variables() => new()
    {
        ["MLPIPELINE_STORAGE"] = TestPostgres.ConnectionString(),
        ["MLPIPELINE_STUDY"] = $"deploy-{Guid.NewGuid():N}",
        ["MLPIPELINE_DATA"] = _dir.Write("train.csv", SyntheticData.Csv(200)),
        ["MLPIPELINE_LABEL"] = SyntheticData.Label,
        ["MLPIPELINE_TRAINERS"] = "sdca,ols,ridge",
        ["MLPIPELINE_TRIALS_PER_WORKER"] = TrialsPerWorker.ToString(CultureInfo.InvariantCulture),
    };

    private static string Substitute(Match m, IReadOnlyDictionary<string, string> variables)
    {
        var name = m.Groups[1].Value;
        if (variables.TryGetValue(name, out var value)) return value;
        Assert.True(m.Groups[2].Success, $"${{{name}}} has no default and the test does not set it");
        return m.Groups[3].Value;
    }

    private static YamlMappingNode Load(string relative)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(RepositoryFiles.Path(relative));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlMappingNode Mapping(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    private static List<string> Sequence(YamlNode node) => [.. ((YamlSequenceNode)node).Children.Select(c => ((YamlScalarNode)c).Value!)];

    /// <summary>A key of a service, or of the mapping it merges in with <c>&lt;&lt;: *anchor</c>.</summary>
    private static YamlNode Merged(YamlMappingNode service, string key)
    {
        if (service.Children.TryGetValue(new YamlScalarNode(key), out var own)) return own;
        Assert.True(service.Children.TryGetValue(new YamlScalarNode("<<"), out var merged), $"no {key} in the service or its anchor");
        return ((YamlMappingNode)merged)[key];
    }

    [GeneratedRegex(@"\$\{(\w+)(:-([^}]*))?\}")]
    private static partial Regex ComposeVariable();

    [GeneratedRegex(@"\$\((\w+)\)")]
    private static partial Regex KubernetesVariable();
}
