using System.Globalization;
using System.Text;

namespace MlPipeline.Testing;

/// <summary>Small learnable regression CSVs: y = 50 + 3·x1 − 2·x2 + x3² + 4·[city = b] + noise (always positive).</summary>
public static class SyntheticData
{
    /// <summary>The label column's name.</summary>
    public const string Label = "y";

    /// <summary>CSV text with <paramref name="rows"/> rows; some x2 cells are missing and the city column is categorical.</summary>
    public static string Csv(int rows, int seed = 1, bool withLabel = true)
    {
        var random = new Random(seed);
        var text = new StringBuilder(withLabel ? "x1,x2,x3,city,flag,y\n" : "x1,x2,x3,city,flag\n");
        string[] cities = ["a", "b", "c", "d"];
        for (var i = 0; i < rows; i++)
        {
            double x1 = random.NextDouble() * 4 - 2, x2 = random.NextDouble() * 4 - 2, x3 = random.NextDouble() * 4 - 2;
            var city = cities[random.Next(cities.Length)];
            var flag = random.Next(2) == 0 ? "yes" : "no";
            var y = 50 + 3 * x1 - 2 * x2 + x3 * x3 + (city == "b" ? 4 : 0) + (flag == "yes" ? 1 : 0) + Gaussian(random) * 0.3;
            var x2Cell = i % 17 == 5 ? "" : F(x2);
            text.Append(F(x1)).Append(',').Append(x2Cell).Append(',').Append(F(x3)).Append(',').Append(city).Append(',').Append(flag);
            if (withLabel) text.Append(',').Append(F(y));
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// CSV text of y = 10 + 3·x1 − 2·x2 + <paramref name="sigma"/>·N(0, 1), x1 and x2 uniform on [−2, 2]: a linear model's
    /// residuals are the Gaussian noise, so a 90 % interval is about ±1.645·σ wide.
    /// </summary>
    public static string GaussianNoise(int rows, double sigma, int seed = 1)
    {
        var random = new Random(seed);
        var text = new StringBuilder("x1,x2,y\n");
        for (var i = 0; i < rows; i++)
        {
            double x1 = random.NextDouble() * 4 - 2, x2 = random.NextDouble() * 4 - 2;
            text.Append(F(x1)).Append(',').Append(F(x2)).Append(',').Append(F(10 + 3 * x1 - 2 * x2 + sigma * Gaussian(random))).Append('\n');
        }
        return text.ToString();
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
