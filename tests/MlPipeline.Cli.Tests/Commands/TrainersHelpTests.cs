using MlPipeline.Cli.Commands;
using MlPipeline.Trainers;

namespace MlPipeline.Cli.Tests.Commands;

public sealed class TrainersHelpTests
{
    [Fact]
    public void The_Trainers_Help_Names_Every_Registered_Trainer_In_Order()
    {
        // When
        var help = new ExperimentOptionSet().Trainers.Description!;

        // Then: the registry's names (the networks tabm among them), as the README lists them
        Assert.Contains("tabm", TrainerRegistry.Default.Names);
        Assert.Contains(string.Join(", ", TrainerRegistry.Default.Names), help, StringComparison.Ordinal);
        Assert.EndsWith("(default all)", help, StringComparison.Ordinal);
    }
}
