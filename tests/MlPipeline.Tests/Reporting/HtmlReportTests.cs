using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.ML;
using MlPipeline.Experiment;
using MlPipeline.Reporting;
using MlPipeline.Testing;
using SkiaSharp;

namespace MlPipeline.Tests.Reporting;

public sealed class HtmlReportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static double InkFraction(SKBitmap bitmap)
    {
        var background = bitmap.GetPixel(0, 0);
        long ink = 0;
        for (var y = 0; y < bitmap.Height; y += 2)
            for (var x = 0; x < bitmap.Width; x += 2)
                if (bitmap.GetPixel(x, y) != background) ink++;
        return ink / (bitmap.Width / 2.0 * (bitmap.Height / 2.0));
    }

    [Fact]
    public void Report_Is_Self_Contained_With_Non_Blank_Plots_And_Renders_In_Headless_Chromium()
    {
        // Given: a small run written as artifacts
        var data = _dir.Write("d.csv", SyntheticData.Csv(300));
        var result = new RegressionExperiment(new MLContext(1)).WithOptions(new ExperimentOptions
        {
            DataPath = data, Label = SyntheticData.Label, Trainers = "sdca,fasttree", MaxTrials = 5,
        }).Run();
        var output = _dir.File("out");
        result.WriteOutputs(output, data);
        var html = File.ReadAllText(Path.Combine(output, "report.html"));

        // Then: every plot is embedded and has ink on it; nothing is loaded from elsewhere
        var images = Regex.Matches(html, "src=\"data:image/png;base64,([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.True(images.Count >= 5, $"{images.Count} embedded plots");
        foreach (var image in images)
        {
            using var bitmap = SKBitmap.Decode(Convert.FromBase64String(image));
            Assert.True(InkFraction(bitmap) > 0.02, "a plot is blank");
        }
        Assert.DoesNotMatch("(src|href)=\"(http|https|file):", html);
        Assert.Contains("Linear vs non-linear", html);
        Assert.Contains("Permutation feature importance", html);

        // When: Chromium renders it
        var screenshot = _dir.File("shot.png");
        var chromium = File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
            : throw new InvalidOperationException("Chromium is missing: run tests/ci-chromium.sh (tests/run.sh does)");
        var start = new ProcessStartInfo(chromium,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={_dir.File("profile")}", "--window-size=1200,3000",
            $"--screenshot={screenshot}", new Uri(Path.Combine(output, "report.html")).AbsoluteUri,
        ])
        { RedirectStandardError = true, RedirectStandardOutput = true };
        using (var process = Process.Start(start)!)
        {
            process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(60_000), "chromium did not finish");
        }

        // Then: the page is drawn, images included
        using var page = SKBitmap.Decode(screenshot);
        Assert.Equal(1200, page.Width);
        Assert.True(InkFraction(page) > 0.05, "the rendered page is blank");
    }
}
