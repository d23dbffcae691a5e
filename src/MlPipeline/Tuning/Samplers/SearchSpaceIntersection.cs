namespace MlPipeline.Tuning.Samplers;

/// <summary>Parameters present, with the same distribution, in every Complete trial.</summary>
internal static class SearchSpaceIntersection
{
    public static Dictionary<string, Distribution> Compute(IEnumerable<FrozenTrial> trials)
    {
        Dictionary<string, Distribution>? space = null;
        foreach (var t in trials)
        {
            if (t.State != TrialState.Complete) continue;
            if (space is null)
            {
                space = new Dictionary<string, Distribution>(t.Distributions);
                continue;
            }

            foreach (var name in space.Keys.ToList())
            {
                if (!t.Distributions.TryGetValue(name, out var d) || !d.Equals(space[name])) space.Remove(name);
            }
        }

        return space ?? [];
    }
}
