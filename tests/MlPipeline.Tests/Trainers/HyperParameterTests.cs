using System.Collections;
using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Trainers;
using MlPipeline.Tuning;
using MlPipeline.Tuning.Samplers;
using MlPipeline.Tuning.Storage;

namespace MlPipeline.Tests.Trainers;

public sealed class HyperParameterTests
{
    private static readonly TrainerInput s_input = new(ColumnNames.Label, ColumnNames.Features, 1, 100);

    public static TheoryData<string> Names() => [.. TrainerRegistry.Default.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Defaults_Are_The_Declared_Defaults_And_Each_Name_Is_Declared_Once(string name)
    {
        var candidate = TrainerRegistry.Default.Get(name);

        Assert.True(candidate.Space.Count > 0 || candidate.Family == TrainerFamily.Linear, $"{name} declares nothing to tune");
        Assert.Equal(candidate.Space.Count, candidate.Space.Select(p => p.Name).Distinct().Count());
        Assert.Equal(candidate.Space.Select(p => p.Name).Order(StringComparer.Ordinal), candidate.Defaults.Values.Keys);
        Assert.All(candidate.Space, p => Assert.Equal(p.DefaultValue, candidate.Defaults.Values[p.Name]));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Suggest_Asks_For_Exactly_The_Declared_Parameters_In_Order_And_Every_Default_Lies_In_Its_Range(string name)
    {
        var candidate = TrainerRegistry.Default.Get(name);
        var suggester = new RecordingSuggester();

        var drawn = candidate.Suggest(suggester);

        Assert.Equal(candidate.Space.Select(p => p.Name), suggester.Asked.Select(a => a.Name));
        Assert.Equal(drawn.Values.Keys, candidate.Defaults.Values.Keys);
        Assert.All(suggester.Asked, a => Assert.True(a.Contains(candidate.Defaults.Values[a.Name]),
            $"{name}: default {a.Name}={candidate.Defaults.Values[a.Name]} is outside the range it is suggested from"));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_Estimator_Reads_The_Declared_Defaults_And_Every_Declared_Parameter(string name)
    {
        var candidate = TrainerRegistry.Default.Get(name);
        var ml = new MLContext(seed: 1);
        string Estimator(HyperParameters h) => Describe(candidate.CreateEstimator(ml, s_input, h));
        var atDefaults = Estimator(candidate.Defaults);

        Assert.Equal(atDefaults, Estimator(HyperParameters.Empty));
        Assert.All(candidate.Space, p =>
        {
            var changed = candidate.Suggest(new OneChangeSuggester(p.Name, candidate.Defaults));
            Assert.NotEqual(candidate.Defaults, changed);
            Assert.True(atDefaults != Estimator(changed), $"{name}: the estimator ignores {p.Name}");
        });
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Values_Keep_Their_Declared_Types_Through_A_Study(string name)
    {
        // Given a study that first runs the enqueued defaults, then draws at random
        var candidate = TrainerRegistry.Default.Get(name);
        var study = Study.Create("h", new InMemoryStudyStorage(), StudyDirection.Minimize, new RandomSampler(5));
        study.EnqueueTrial(TrialSuggester.DefaultsOf(candidate));
        var suggested = new List<HyperParameters>();

        // When
        study.Optimize(trial =>
        {
            trial.SuggestCategorical(TrialSuggester.TrainerParameter, [candidate.Name]);
            suggested.Add(candidate.Suggest(new TrialSuggester(trial, candidate.Name)));
            return 0;
        }, nTrials: 5);
        var recorded = study.Trials.Select(t => TrialSuggester.Extract(candidate.Name, t.Params)).ToList();

        // Then: the defaults came back as they were declared, and integers (ranges and choices) stayed integers
        Assert.Equal(candidate.Defaults, recorded[0]);
        Assert.Equal(suggested, recorded);
        Assert.All(recorded.SelectMany(h => candidate.Space.Select(p => (p, Value: h.Values[p.Name]))), r =>
        {
            var integer = r.p is IntParameter or ChoiceParameter<int>;
            Assert.True(integer == (r.Value is int or long), $"{name}: {r.p.Name} is stored as {r.Value.GetType().Name}");
            Assert.False(r.Value is string && r.p is not ChoiceParameter<string>, $"{name}: {r.p.Name} travels as a string");
        });
    }

    [Fact]
    public void Batch_Size_Is_An_Integer_Choice_That_Reads_Stored_Longs_And_Older_Strings()
    {
        var batchSize = Assert.IsType<ChoiceParameter<int>>(TrainerRegistry.Default.Get("mlp").Space.Single(p => p.Name == "batch_size"));

        Assert.Equal(64, batchSize.Default);
        Assert.Equal(128, HyperParameters.Of(("batch_size", 128L)).Get(batchSize));
        Assert.Equal(512, HyperParameters.Of(("batch_size", "512")).Get(batchSize));
        Assert.Equal(64, HyperParameters.Empty.Get(batchSize));
    }

    [Fact]
    public void A_Default_Outside_Its_Domain_Is_Rejected_At_Declaration()
    {
        Assert.Throws<ArgumentException>(() => new FloatParameter("lr", 1e-4, 1e-2, defaultValue: 0.1, log: true));
        Assert.Throws<ArgumentException>(() => new FloatParameter("lr", 0, 1e-2, defaultValue: 1e-3, log: true));
        Assert.Throws<ArgumentException>(() => new IntParameter("trees", 50, 500, defaultValue: 10));
        Assert.Throws<ArgumentException>(() => new ChoiceParameter<int>("batch_size", [64, 128], 256));
        Assert.Throws<ArgumentException>(() => new ChoiceParameter<string>("loss", [], "mse"));
        Assert.Throws<ArgumentException>(() => new ChoiceParameter<DayOfWeek>("day", [DayOfWeek.Monday], DayOfWeek.Monday));
        Assert.Equal(0.1, new FloatParameter("dropout", 0, 0.5, defaultValue: 0.1).Default);
    }

    // The estimator's settings: its fields and, recursively, every public field and property of its options.
    private static string Describe(object estimator) =>
        string.Join("; ", AllFields(estimator.GetType()).Select(f => $"{f.Name}={Describe(f.GetValue(estimator), 0)}"));

    private static IEnumerable<FieldInfo> AllFields(Type? type)
    {
        for (; type is not null && type != typeof(object); type = type.BaseType)
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                yield return field;
    }

    private static string Describe(object? value, int depth) => value switch
    {
        null => "null",
        string s => s,
        IFormattable f when value.GetType().IsPrimitive || value is Enum => f.ToString(null, CultureInfo.InvariantCulture),
        bool b => b.ToString(),
        ICollection items when depth < 4 => "[" + string.Join(",", items.Cast<object?>().Select(i => Describe(i, depth + 1))) + "]",
        _ when depth < 4 && IsSettings(value.GetType()) =>
            value.GetType().Name + "{" + string.Join(",", Members(value).Select(m => $"{m.Name}={Describe(m.Value, depth + 1)}")) + "}",
        _ => value.GetType().Name,
    };

    // ML.NET's trainer options and the library's own option records.
    private static bool IsSettings(Type type) =>
        type.Name.EndsWith("Options", StringComparison.Ordinal) || type.Namespace?.StartsWith("MlPipeline", StringComparison.Ordinal) == true;

    private static IEnumerable<(string Name, object? Value)> Members(object options)
    {
        var type = options.GetType();
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public))
            yield return (field.Name, field.GetValue(options));
        foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public).Where(p => p.GetIndexParameters().Length == 0))
            yield return (property.Name, property.GetValue(options));
    }

    private sealed record Asked(string Name, Func<object, bool> Contains);

    private sealed class RecordingSuggester : IParameterSuggester
    {
        public List<Asked> Asked { get; } = [];

        public double SuggestFloat(string name, double low, double high, bool log = false)
        {
            Asked.Add(new(name, v => v is double d && d >= low && d <= high));
            return high;
        }

        public int SuggestInt(string name, int low, int high, bool log = false)
        {
            Asked.Add(new(name, v => v is int i && i >= low && i <= high));
            return high;
        }

        public T SuggestCategorical<T>(string name, IReadOnlyList<T> choices) where T : notnull
        {
            Asked.Add(new(name, v => v is T t && choices.Contains(t)));
            return choices[^1];
        }
    }

    // The defaults, except one parameter moved to another point of its domain.
    private sealed class OneChangeSuggester(string changed, HyperParameters defaults) : IParameterSuggester
    {
        public double SuggestFloat(string name, double low, double high, bool log = false) =>
            Pick(name, (double)defaults.Values[name], low, high);

        public int SuggestInt(string name, int low, int high, bool log = false) =>
            Pick(name, (int)defaults.Values[name], low, high);

        public T SuggestCategorical<T>(string name, IReadOnlyList<T> choices) where T : notnull =>
            name == changed ? choices.First(c => !c.Equals(defaults.Values[name])) : (T)defaults.Values[name];

        private T Pick<T>(string name, T value, T low, T high) where T : IEquatable<T> =>
            name != changed ? value : value.Equals(low) ? high : low;
    }
}
